using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
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
    TimeProvider time,
    ILogger<DossierGrain> logger) : Grain, IDossierGrain, IRemindable
{
    internal const string DeadlineReminder = "deadline";

    // The reminder is used one shot at a time; the period only matters if re-arming after a tick fails.
    private static readonly TimeSpan SafetyPeriod = TimeSpan.FromMinutes(10);

    private DateTimeOffset? _armedFor;

    // Whether this activation knows there is no deadline reminder (it removed it, or looked and found none), so a
    // dossier without a pending deadline does not ask the reminder table again on every step.
    private bool _knownUnarmed;

    private string Code => this.GetPrimaryKeyString();

    public async Task<DossierView> OpenAsync(OpenDossier command)
    {
        if (!DossierCodeFormat.IsValid(Code) || DossierCodeFormat.OfficeCodeOf(Code) != command.OfficeCode)
        {
            throw new RuleViolationException($"'{Code}' is not a dossier code of office {command.OfficeCode}.");
        }

        var context = reference.ContextFor(command.OfficeCode, command.ProcedureCode);
        return await CommitAsync(DossierDecider.Decide(state.State, Code, command, context, time.GetUtcNow()), context);
    }

    public async Task<DossierView> ActAsync(DossierCommand command)
    {
        var context = ExistingContext();
        return await CommitAsync(DossierDecider.Decide(state.State, command, context, time.GetUtcNow()), context);
    }

    public Task<DossierView?> GetAsync() =>
        Task.FromResult(state.State.Exists ? ToView(state.State, ExistingContext()) : null);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync()
    {
        var calendar = ExistingContext().Calendar;
        IReadOnlyList<HistoryEntry> history =
        [
            .. state.State.History.Select(s => new HistoryEntry(
                s.Sequence, s.Kind, s.From, s.To, s.Actor, calendar.ToLocal(s.At), s.Note, s.HandOverFrom, s.HandOverTo, s.Timeliness)),
        ];
        return Task.FromResult(history);
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

            await CommitAsync(events, ExistingContext());
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

    private async Task<DossierView> CommitAsync(IReadOnlyList<DossierEvent> events, DossierContext context)
    {
        var previous = state.State;
        var next = DossierDecider.Evolve(state.State, events);
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

        await ArmReminderAsync(next.NextDeadlineEventAt);
        await index.RecordAsync(next);
        return ToView(next, context);
    }

    private async Task ArmReminderAsync(DateTimeOffset? at)
    {
        if (at is { } due)
        {
            if (_armedFor != due)
            {
                var wait = due - time.GetUtcNow();
                _knownUnarmed = false;
                await this.RegisterOrUpdateReminder(DeadlineReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, SafetyPeriod);
                _armedFor = due;
            }

            return;
        }

        _armedFor = null;
        if (_knownUnarmed)
        {
            return;
        }

        if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _knownUnarmed = true;
    }

    private DossierView ToView(DossierState dossier, DossierContext context)
    {
        var calendar = context.Calendar;
        var now = time.GetUtcNow();
        DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? calendar.ToLocal(value) : null;
        var sla = dossier.Sla is { } s
            ? new SlaView(
                s.Rule, s.Allotted, s.RuleSetVersion, calendar.ToLocal(s.ClockStartedAt),
                calendar.ToLocal(s.Deadline.NearlyLateAt), calendar.ToLocal(s.Deadline.DueAt), calendar.ToLocal(s.Deadline.OverdueAt))
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
            DossierTransitions.AllowedIn(dossier.Status));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {Code}: stored state changed under this activation; deactivating")]
    private partial void LogConflict(Exception exception, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dossier {Code}: {Kind} reached (scheduled {At:O})")]
    private partial void LogDeadlineEvent(string code, DeadlineEvent kind, DateTimeOffset at);
}
