using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Portals;
using CaseEngine.ReadSide;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CaseEngine.Grains;

/// <summary>
/// A dossier: loads its state, lets <see cref="DossierDecider"/> decide, applies, writes and keeps
/// one durable reminder armed for its next deadline event. The read side learns of each write.
/// </summary>
[GrainType("dossier")]
internal sealed partial class DossierGrain(
    [PersistentState("dossier", StorageNames.Dossiers)] IPersistentState<DossierState> state,
    ReferenceData reference,
    IDossierIndex index,
    IPortalOutbox outbox,
    TimeProvider time,
    ILogger<DossierGrain> logger) : Grain, IDossierGrain, IRemindable
{
    internal const string DeadlineReminder = "deadline";

    // The reminder is used one shot at a time and re-armed after each tick; the period (Orleans' minimum) bounds how
    // late a tick comes after a tick was lost: re-arming failed, or the deadline passed while the cluster was down.
    private static readonly TimeSpan SafetyPeriod = TimeSpan.FromMinutes(1);

    // What this activation knows of its reminder: armed for an instant, known to be absent, or unknown (both unset).
    private DateTimeOffset? _armedFor;
    private bool _knownUnarmed;

    private string Code => this.GetPrimaryKeyString();

    public async Task<DossierView> OpenAsync(OpenDossier command)
    {
        if (!DossierCodeFormat.IsValid(Code) || DossierCodeFormat.OfficeCodeOf(Code) != command.OfficeCode)
        {
            throw new RuleViolationException($"'{Code}' is not a dossier code of office {command.OfficeCode}.");
        }

        var context = reference.ContextFor(command.OfficeCode, command.ProcedureCode);
        if (Replayed(command.IdempotencyKey, "Created") is { } replay)
        {
            return ToView(replay, context);
        }

        var events = DossierDecider.Decide(state.State, Code, command, context, time.GetUtcNow());
        return await CommitAsync(events, context, command.Audit, command.IdempotencyKey);
    }

    public async Task<DossierView> ActAsync(DossierCommand command)
    {
        var context = ExistingContext();
        if (Replayed(command.IdempotencyKey, command.Action.ToString()) is { } replay)
        {
            return ToView(replay, context);
        }

        var events = DossierDecider.Decide(state.State, command, context, time.GetUtcNow());
        return await CommitAsync(events, context, command.Audit, command.IdempotencyKey);
    }

    public Task<DossierView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? ToView(state.State, ExistingContext()) : null);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync()
    {
        var calendar = ExistingContext().Calendar;
        IReadOnlyList<HistoryEntry> history =
        [
            .. state.State.History.Select(s => new HistoryEntry(
                s.Sequence, s.Kind, s.From, s.To, s.Actor, calendar.ToLocal(s.At), s.Note, s.HandOverFrom, s.HandOverTo, s.Timeliness,
                s.Audit?.Role, s.Audit?.Office, s.Audit?.ClientAddress, StepNames.Vietnamese(s.Kind))),
        ];
        return Task.FromResult(history);
    }

    public Task<PublicStatusView?> GetPublicStatusAsync(string phoneLast4)
    {
        var dossier = state.State;
        if (!CitizenRules.IsApplicant(dossier, phoneLast4))
        {
            return Task.FromResult<PublicStatusView?>(null);
        }

        var context = ExistingContext();
        var calendar = context.Calendar;
        DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? calendar.ToLocal(value) : null;
        var times = ReceptionTimes.Of(dossier);
        return Task.FromResult<PublicStatusView?>(new PublicStatusView(
            dossier.Code,
            dossier.OfficeCode,
            dossier.ProcedureCode,
            dossier.Status,
            dossier.Status.NationalCode(),
            dossier.Status.VietnameseName(),
            Local(times.ReceivedAt),
            Local(times.AppointmentAt),
            Local(times.CompletedAt),
            [.. dossier.History.Select(s => new PublicStep(s.Kind, s.To, calendar.ToLocal(s.At), StepNames.Vietnamese(s.Kind)))],
            dossier.Rating is not null,
            Local(times.CountedFrom),
            dossier.Sla is { } sla ? FastTrackWording.Allotted(sla, context, times.ReceivedAt!.Value) : null));
    }

    public async Task<bool> RateAsync(string phoneLast4, Satisfaction satisfaction, string? comment)
    {
        if (!CitizenRules.IsApplicant(state.State, phoneLast4))
        {
            return false;
        }

        var previous = state.State;
        state.State = CitizenRules.Rate(previous, satisfaction, comment, time.GetUtcNow());
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            DeactivateOnIdle();
            throw;
        }

        await index.RecordAsync(state.State);
        return true;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
        {
            return;
        }

        // Ticks may come twice, late, or after the dossier closed: the stored state decides what is due.
        _armedFor = null;
        _knownUnarmed = false;
        if (!state.State.Exists)
        {
            await ArmReminderAsync(null);
            return;
        }

        var events = DossierDecider.FireDeadlines(state.State, time.GetUtcNow());
        if (events.Count > 0)
        {
            foreach (var fired in events.OfType<DeadlineReached>())
            {
                LogDeadlineEvent(Code, fired.Kind, fired.At);
            }

            await CommitAsync(events, ExistingContext(), audit: null, idempotencyKey: null);
        }
        else
        {
            await ArmReminderAsync(state.State.NextDeadlineEventAt);
        }
    }

    private DossierContext ExistingContext() =>
        state.State.Exists
            ? reference.ContextFor(state.State.OfficeCode, state.State.ProcedureCode)
            : throw new NotFoundException($"Dossier '{Code}' does not exist.");

    /// <summary>
    /// The current state when a step of kind <paramref name="kind"/> was already made with <paramref name="key"/>:
    /// the request is a retry and changes nothing. A key used for another kind of step is refused.
    /// </summary>
    private DossierState? Replayed(string? key, string kind)
    {
        if (key is null || state.State.History.FirstOrDefault(s => s.IdempotencyKey == key) is not { } earlier)
        {
            return null;
        }

        return earlier.Kind == kind
            ? state.State
            : throw new RuleViolationException($"Idempotency-Key '{key}' was already used for {earlier.Kind} on dossier {Code}; use a new key for a new request.");
    }

    private async Task<DossierView> CommitAsync(IReadOnlyList<DossierEvent> events, DossierContext context, AuditContext? audit, string? idempotencyKey)
    {
        var previous = state.State;
        var next = DossierDecider.Evolve(state.State, events);

        // The steps this request made carry who asked, from where, and the request's key.
        if ((audit is not null || idempotencyKey is not null) && next.History.Count > previous.History.Count)
        {
            next = next with
            {
                History = next.History.SetItem(
                    previous.History.Count,
                    next.History[previous.History.Count] with { Audit = audit, IdempotencyKey = idempotencyKey }),
            };
            for (var i = previous.History.Count + 1; i < next.History.Count; i++)
            {
                next = next with { History = next.History.SetItem(i, next.History[i] with { Audit = audit }) };
            }
        }

        // Arm before the write, unregister after it: whatever the crash point, stored state that still has a deadline
        // ahead has a reminder. A reminder the stored state does not need is harmless: its tick re-reads the state.
        if (next.NextDeadlineEventAt is { } nextEvent)
        {
            await ArmReminderAsync(nextEvent);
        }

        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Whether or not the write reached the database, this copy can no longer be trusted: put it back and let
            // the next call load the stored state in a fresh activation.
            state.State = previous;
            DeactivateOnIdle();
            if (e is InconsistentStateException)
            {
                LogConflict(e, Code);
                throw new ConcurrencyConflictException($"Dossier {Code} was changed elsewhere; nothing was applied. Read it again and retry.");
            }

            throw;
        }

        if (next.NextDeadlineEventAt is null)
        {
            await ArmReminderAsync(null);
        }

        await index.RecordAsync(next);
        await outbox.RecordAsync(previous, next);
        if (next.PortalDossierId is not null && next.Status != previous.Status && previous.Exists)
        {
            // The portal learns of the change from the outbox; the dispatcher is told there is something to send.
            GrainFactory.GetGrain<IPortalDispatcherGrain>(next.Channel.ToString()).WakeAsync().Ignore();
        }

        return ToView(next, context);
    }

    private async Task ArmReminderAsync(DateTimeOffset? at)
    {
        if (at is { } due)
        {
            if (_armedFor != due)
            {
                var wait = due - time.GetUtcNow();
                await this.RegisterOrUpdateReminder(DeadlineReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, SafetyPeriod);
                _armedFor = due;
                _knownUnarmed = false;
            }

            return;
        }

        if (_knownUnarmed)
        {
            return;
        }

        if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _armedFor = null;
        _knownUnarmed = true;
    }

    private DossierView ToView(DossierState dossier, DossierContext context)
    {
        var calendar = context.Calendar;
        var now = time.GetUtcNow();
        DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? calendar.ToLocal(value) : null;
        var receivedAt = ReceptionTimes.Of(dossier).ReceivedAt;
        var sla = dossier.Sla is { } s
            ? new SlaView(
                s.Rule, s.Allotted, s.RuleSetVersion, calendar.ToLocal(s.ClockStartedAt),
                calendar.ToLocal(s.Deadline.NearlyLateAt), calendar.ToLocal(s.Deadline.DueAt), calendar.ToLocal(s.Deadline.OverdueAt),
                Local(receivedAt), FastTrackWording.Allotted(s, context, receivedAt!.Value), s.FastTrackMissed)
            : null;
        return new DossierView(
            dossier.Code,
            dossier.OfficeCode,
            dossier.ProcedureCode,
            dossier.Channel,
            dossier.Applicant!,
            dossier.Status,
            dossier.Status.NationalCode(),
            dossier.Status.VietnameseName(),
            dossier.EnteredBy,
            dossier.Holder,
            calendar.ToLocal(dossier.CreatedAt),
            sla,
            Local(dossier.Schedule?.Deadline.DueAt),
            dossier.BucketAt(now),
            dossier.Pause is not null,
            (int)Math.Round(dossier.WaitingTime.TotalMinutes),
            dossier.ApologyRequiredAt(now),
            Local(dossier.ApologyIssuedAt),
            Local(dossier.CompletedAt),
            dossier.Outcome,
            DossierDecider.Available(dossier, now),
            dossier.Consent is { } consent ? consent with { At = calendar.ToLocal(consent.At) } : null,
            dossier.Form,
            dossier.PortalDossierId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {Code}: stored state changed under this activation; deactivating")]
    private partial void LogConflict(Exception exception, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dossier {Code}: {Kind} reached (scheduled {At:O})")]
    private partial void LogDeadlineEvent(string code, DeadlineEvent kind, DateTimeOffset at);
}
