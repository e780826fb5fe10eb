using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Grains.Reference;
using CaseEngine.ReadSide;
using Microsoft.Extensions.Logging;

namespace CaseEngine.Grains;

/// <summary>What a reference data version's revisions grain stores: what is still to be revised, and how it went.</summary>
[GenerateSerializer, Alias("caseengine.reference-revision-state.v1")]
public sealed class ReferenceRevisionState
{
    /// <summary>Whether a whole scope is to be revised (every open dossier of <see cref="Offices"/> due from <see cref="From"/>).</summary>
    [Id(0)] public bool ScopeDue { get; set; }

    /// <summary>The offices of the scope; every office when null.</summary>
    [Id(1)] public List<string>? Offices { get; set; }

    /// <summary>The scope's first instant of changed working time.</summary>
    [Id(2)] public DateTimeOffset From { get; set; }

    /// <summary>Dossiers to try again.</summary>
    [Id(3)] public List<string> Pending { get; set; } = [];

    /// <summary>Who saved the version.</summary>
    [Id(4)] public AuditContext? Audit { get; set; }

    /// <summary>Attempts made.</summary>
    [Id(5)] public int Attempts { get; set; }

    /// <summary>When the next attempt is due.</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Dossiers whose deadline moved so far.</summary>
    [Id(7)] public int Revised { get; set; }

    /// <summary>What the last attempt could not revise.</summary>
    [Id(8)] public List<RevisionFailure> Failures { get; set; } = [];
}

/// <summary>
/// The revisions of one reference data version, keyed by its number: due when the version comes into force, then again
/// for the dossiers that failed, after 1, 2, 4 … at most 60 minutes, until none fails. A reminder every minute keeps
/// them due across restarts; it is removed once nothing is left.
/// </summary>
[GrainType("reference-revision")]
internal sealed partial class ReferenceRevisionGrain(
    [PersistentState("revision", StorageNames.Reference)] IPersistentState<ReferenceRevisionState> state,
    CurrentReference reference,
    IDossierIndex index,
    TimeProvider time,
    ILogger<ReferenceRevisionGrain> logger) : Grain, IReferenceRevisionGrain, IRemindable
{
    private const string Reminder = "revise";
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    private int Number => (int)this.GetPrimaryKeyLong();

    private bool Waiting => state.State.ScopeDue || state.State.Pending.Count > 0;

    /// <summary>The wait after attempt <paramref name="attempts"/> that failed some dossiers: 1, 2, 4 … at most 60 minutes.</summary>
    internal static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(LongestWait.TotalMinutes, Math.Pow(2, Math.Clamp(attempts - 1, 0, 6))));

    public async Task ScheduleAsync(RevisionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await reference.Catalog.EnsureAsync(Number);
        var s = state.State;
        if (plan.Pending is { } pending)
        {
            s.Pending = [.. s.Pending.Union(pending, StringComparer.Ordinal)];
        }
        else
        {
            // A second scope widens the first: every office when either is, from the earlier instant.
            s.Offices = s.ScopeDue && (s.Offices is null || plan.Offices is null) ? null : [.. (s.Offices ?? []).Union(plan.Offices ?? [], StringComparer.Ordinal)];
            s.From = s.ScopeDue && s.From < plan.From ? s.From : plan.From;
            s.ScopeDue = true;
        }

        s.Audit ??= plan.Audit;
        var effective = reference.Catalog.Versions[Number - 1].Stored.EffectiveFrom;
        var now = time.GetUtcNow();
        s.NextAttemptAt = plan.Pending is null ? effective : now + Backoff(Math.Max(1, s.Attempts));
        await state.WriteStateAsync();
        var due = s.NextAttemptAt.Value - now;
        await this.RegisterOrUpdateReminder(Reminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, Period);
    }

    public Task<RevisionProgress> ProgressAsync()
    {
        var s = state.State;
        return Task.FromResult(new RevisionProgress(Number, Waiting, s.Attempts, Waiting ? s.NextAttemptAt : null, s.Revised, s.Failures));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        // Ticks come every minute, and may come twice or late: the stored state says whether anything is due.
        var s = state.State;
        if (!Waiting)
        {
            await StopAsync();
            return;
        }

        await reference.Catalog.EnsureAsync(Number);
        var version = reference.Catalog.Versions[Number - 1];
        var now = time.GetUtcNow();
        if (now < version.Stored.EffectiveFrom || (s.NextAttemptAt is { } next && now < next))
        {
            return;
        }

        var codes = s.ScopeDue
            ? [.. (await DeadlineRevisions.CandidatesAsync(index, s.From, s.Offices)).Union(s.Pending, StringComparer.Ordinal)]
            : s.Pending;
        var outcome = await DeadlineRevisions.ReviseAsync(GrainFactory, codes, DeadlineRevisions.Command(version, s.Audit));
        s.ScopeDue = false;
        s.Attempts++;
        s.Revised += outcome.Shifts.Count;
        s.Failures = [.. outcome.Failures];
        s.Pending = [.. outcome.Failures.Select(f => f.Code)];
        s.NextAttemptAt = s.Pending.Count > 0 ? now + Backoff(s.Attempts) : null;
        await state.WriteStateAsync();
        LogRevised(Number, codes.Count, outcome.Shifts.Count, outcome.Failures.Count);
        if (!Waiting)
        {
            await StopAsync();
        }
    }

    private async Task StopAsync()
    {
        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference data version {Version}: {Asked} open dossiers revised, {Moved} deadlines moved, {Failed} to try again")]
    private partial void LogRevised(int version, int asked, int moved, int failed);
}
