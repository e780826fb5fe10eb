using CaseEngine.Contracts;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using CaseEngine.Grains.Reference;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace CaseEngine.Grains;

/// <summary>
/// A dossier: loads its state, lets <see cref="DossierDecider"/> decide, applies, writes and keeps one durable reminder
/// armed for its next deadline event. Each write carries its projection (<see cref="DossierProjection"/>): the read
/// side's row, the portal updates and the board signal, which the storage applies with the state.
/// </summary>
[GrainType("dossier")]
internal sealed partial class DossierGrain(
    [PersistentState("dossier", StorageNames.Dossiers)] IPersistentState<DossierRecord> record,
    CurrentReference reference,
    TimeProvider time,
    ILogger<DossierGrain> logger) : Grain, IDossierGrain, IRemindable
{
    internal const string DeadlineReminder = "deadline";

    // The reminder is used one shot at a time and re-armed after each tick; the period (Orleans' minimum) bounds how
    // late a tick comes after a tick was lost: re-arming failed, or the deadline passed while the cluster was down.
    private static readonly TimeSpan SafetyPeriod = TimeSpan.FromMinutes(1);

    // What this activation knows of its reminder: armed for an instant (and the reminder as registered, whose version
    // lets it be removed without reading it first), known to be absent, or unknown (all unset).
    private DateTimeOffset? _armedFor;
    private IGrainReminder? _armed;
    private bool _knownUnarmed;

    private string Code => this.GetPrimaryKeyString();

    private DossierState Dossier => record.State.Dossier;

    public async Task<DossierView> OpenAsync(OpenDossier command)
    {
        if (!DossierCodeFormat.IsValid(Code) || DossierCodeFormat.OfficeCodeOf(Code) != command.OfficeCode)
        {
            throw new RuleViolationException($"'{Code}' không phải là mã hồ sơ của cơ quan {command.OfficeCode}.");
        }

        var version = reference.Version;
        var context = version.Data.ContextFor(command.OfficeCode, command.ProcedureCode) with { ReferenceVersion = version.Number };
        if (Replayed(command.IdempotencyKey, StepKind.Created) is { } replay)
        {
            return ToView(replay, context);
        }

        var events = DossierDecider.Decide(Dossier, Code, command, context, DossierClock.Now(time));
        return await CommitAsync(events, context);
    }

    public async Task<DossierView> ActAsync(DossierCommand command)
    {
        var context = ExistingContext();
        if (Replayed(command.IdempotencyKey, StepKind.Of(command.Action)) is { } replay)
        {
            return ToView(replay, context);
        }

        var events = DossierDecider.Decide(Dossier, command, context, DossierClock.Now(time));
        return await CommitAsync(events, context);
    }

    public Task<DossierView?> GetAsync() =>
        Task.FromResult(Dossier.Exists ? ToView(Dossier, ExistingContext()) : null);

    public Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync()
    {
        var calendar = ExistingContext().Calendar;
        IReadOnlyList<HistoryEntry> history =
        [
            .. Dossier.History.Select(s => new HistoryEntry(
                s.Sequence, s.Kind, s.From, s.To, s.Actor, calendar.ToLocal(s.At), s.Note, s.HandOverFrom, s.HandOverTo, s.Timeliness,
                s.Audit?.Role, s.Audit?.Office, s.Audit?.ClientAddress, StepNames.Vietnamese(s.Kind))),
        ];
        return Task.FromResult(history);
    }

    public Task<PublicStatusView?> GetPublicStatusAsync(string phoneLast4)
    {
        var dossier = Dossier;
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

    public async Task<bool> RateAsync(string phoneLast4, Satisfaction satisfaction, string? comment, AuditContext? audit = null)
    {
        if (!CitizenRules.IsApplicant(Dossier, phoneLast4))
        {
            return false;
        }

        await CommitAsync(CitizenRules.Rate(Dossier, satisfaction, comment, DossierClock.Now(time), audit), ExistingContext());
        return true;
    }

    public Task<DeadlineShift?> PreviewHolidaysAsync(HolidaySchedule candidate) =>
        Task.FromResult(Dossier.Exists
            ? DeadlineRevision.Preview(Dossier, ExistingContext().WithHolidays(candidate.ToCalendar()), DossierClock.Now(time))
            : null);

    public async Task<DeadlineShift?> ReviseDeadlineAsync(ReviseDeadline command)
    {
        ArgumentNullException.ThrowIfNull(command);

        // The change may have been saved through another silo a moment ago: this one reads it first.
        await reference.Catalog.EnsureAsync(command.ReferenceVersion);
        var context = ExistingContext();
        if (Replayed(command.IdempotencyKey, StepKind.Revised) is not null)
        {
            return null;
        }

        var now = DossierClock.Now(time);
        if (DeadlineRevision.Revise(Dossier, context, now, command.Reason, command.Actor) is not { } revised)
        {
            return null;
        }

        await CommitAsync([revised with { Audit = command.Audit, IdempotencyKey = command.IdempotencyKey }], context);
        return revised.Shift;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
        {
            return;
        }

        // Ticks may come twice, late, or after the dossier closed: the stored state decides what is due.
        _armedFor = null;
        _armed = null;
        _knownUnarmed = false;
        if (!Dossier.Exists)
        {
            await ArmReminderAsync(null);
            return;
        }

        var events = DossierDecider.FireDeadlines(Dossier, DossierClock.Now(time));
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
            await ArmReminderAsync(Dossier.NextDeadlineEventAt);
        }
    }

    // The office and its calendar as in force now; the procedure and the rule set of the version the dossier was
    // received under (a draft, not yet received, takes the version in force).
    private DossierContext ExistingContext()
    {
        if (!Dossier.Exists)
        {
            throw NotFoundException.Dossier(Code);
        }

        var current = reference.Version;
        if (Dossier.Status == DossierStatus.Draft)
        {
            return current.Data.ContextFor(Dossier.OfficeCode, Dossier.ProcedureCode) with { ReferenceVersion = current.Number };
        }

        var number = Math.Max(1, Dossier.ReferenceVersion);
        var received = reference.Catalog.Version(number) ?? current.Data;
        var context = received.ContextFor(Dossier.OfficeCode, Dossier.ProcedureCode);
        return context with { Office = current.Data.RequireOffice(Dossier.OfficeCode), ReferenceVersion = number };
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        // A dossier received under a version saved through another silo a moment ago: this silo reads it first.
        Dossier.Exists ? reference.Catalog.EnsureAsync(Math.Max(1, Dossier.ReferenceVersion), cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// The current state when a step of kind <paramref name="kind"/> was already made with <paramref name="key"/>:
    /// the request is a retry and changes nothing. A key used for another kind of step is refused.
    /// </summary>
    private DossierState? Replayed(string? key, StepKind kind)
    {
        if (key is null || Dossier.History.FirstOrDefault(s => s.IdempotencyKey == key) is not { } earlier)
        {
            return null;
        }

        return earlier.Kind == kind
            ? Dossier
            : throw new RuleViolationException($"Idempotency-Key '{key}' đã được dùng cho bước «{StepNames.Vietnamese(earlier.Kind)}» của hồ sơ {Code}; yêu cầu mới cần một khóa mới.");
    }

    private async Task<DossierView> CommitAsync(IReadOnlyList<DossierEvent> events, DossierContext context)
    {
        var previous = Dossier;
        var next = DossierDecider.Evolve(previous, events);

        // Arm before the write, unregister after it: whatever the crash point, stored state that still has a deadline
        // ahead has a reminder. A reminder the stored state does not need is harmless: its tick re-reads the state.
        if (next.NextDeadlineEventAt is { } nextEvent)
        {
            await ArmReminderAsync(nextEvent);
        }

        record.State.Dossier = next;
        record.State.Write = DossierProjection.Project(previous, events, next);
        try
        {
            await record.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Whether or not the write reached the database, this copy can no longer be trusted: put it back and let
            // the next call load the stored state in a fresh activation.
            record.State.Dossier = previous;
            DeactivateOnIdle();
            if (e is InconsistentStateException)
            {
                LogConflict(e, Code);
                throw new ConcurrencyConflictException($"Hồ sơ {Code} vừa được thay đổi ở nơi khác; chưa có gì được ghi. Hãy đọc lại hồ sơ rồi thử lại.");
            }

            throw;
        }
        finally
        {
            record.State.Write = null;
        }

        if (next.NextDeadlineEventAt is null)
        {
            await ArmReminderAsync(null);
        }

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
                var wait = due - DossierClock.Now(time);
                _armed = await this.RegisterOrUpdateReminder(DeadlineReminder, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, SafetyPeriod);
                _armedFor = due;
                _knownUnarmed = false;
            }

            return;
        }

        if (_knownUnarmed)
        {
            return;
        }

        if (!await TryUnregisterArmedAsync() && await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _armedFor = null;
        _armed = null;
        _knownUnarmed = true;
    }

    // Removes the reminder this activation registered, if it is still the one stored; false when it is not known or
    // was changed since (then it must be read first).
    private async Task<bool> TryUnregisterArmedAsync()
    {
        if (_armed is not { } armed)
        {
            return false;
        }

        try
        {
            await this.UnregisterReminder(armed);
            return true;
        }
        catch (ReminderException)
        {
            return false;
        }
    }

    private DossierView ToView(DossierState dossier, DossierContext context)
    {
        var calendar = context.Calendar;
        var now = DossierClock.Now(time);
        DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? calendar.ToLocal(value) : null;
        var receivedAt = ReceptionTimes.Of(dossier).ReceivedAt;
        var sla = dossier.Sla is { } s
            ? new SlaView(
                s.Rule, s.Allotted, s.RuleSetVersion, calendar.ToLocal(s.ClockStartedAt),
                calendar.ToLocal(s.Deadline.NearlyLateAt), calendar.ToLocal(s.Deadline.DueAt), calendar.ToLocal(s.Deadline.OverdueAt),
                Local(receivedAt), FastTrackWording.Allotted(s, context, receivedAt!.Value), s.FastTrackMissed,
                CalendarCoverage.IsProvisional(reference.Data, calendar.LocalDate(s.Deadline.DueAt)))
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
            dossier.PortalDossierId,
            context.ReferenceVersion);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dossier {Code}: stored state changed under this activation; deactivating")]
    private partial void LogConflict(Exception exception, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dossier {Code}: {Kind} reached (scheduled {At:O})")]
    private partial void LogDeadlineEvent(string code, DeadlineEvent kind, DateTimeOffset at);
}
