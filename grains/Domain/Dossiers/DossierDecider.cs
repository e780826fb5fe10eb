using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;

namespace CaseEngine.Domain.Dossiers;

/// <summary>What a decision needs to know besides the dossier: its office, its procedure and the rule set.</summary>
/// <param name="Office">The office, with its calendar in force now.</param>
/// <param name="Procedure">The procedure as the reference data version of the dossier says it.</param>
/// <param name="Rules">The rule set of that version.</param>
/// <param name="ReferenceVersion">
/// That version's number: the one in force when the dossier was received (or now, for one not yet received). A dossier
/// keeps it for its life; calendars are the exception, a day off being one for every open dossier.
/// </param>
public sealed record DossierContext(Office Office, Procedure Procedure, RuleSet Rules, int ReferenceVersion = 1)
{
    /// <summary>The office's working calendar.</summary>
    public WorkingCalendar Calendar => Office.Calendar;

    /// <summary>The same context with <paramref name="holidays"/> as the national calendar: the office's week, the procedure and the rules unchanged.</summary>
    public DossierContext WithHolidays(HolidayCalendar holidays) =>
        this with { Office = Office with { Calendar = Office.Calendar.WithHolidays(holidays) } };
}

/// <summary>
/// The dossier state machine as pure functions: <c>Decide</c> turns a command into events or throws
/// (<see cref="IllegalTransitionException"/>, <see cref="RuleViolationException"/>); <c>Apply</c> folds an event
/// into the state.
/// </summary>
public static class DossierDecider
{
    /// <summary>Actor recorded for deadline events.</summary>
    public const string SystemActor = "system";

    /// <summary>Holder recorded when a signed result goes back to the counter without a named officer.</summary>
    public const string CounterDesk = "Bộ phận Một cửa";

    /// <summary>How far past the due time a new appointment may be set.</summary>
    public const int MaxAppointmentDelayDays = 366;

    /// <summary>Decides the creation of a dossier.</summary>
    public static IReadOnlyList<DossierEvent> Decide(DossierState state, string code, OpenDossier command, DossierContext context, DateTimeOffset now)
    {
        if (state.Exists)
        {
            throw new IllegalTransitionException(code, "tạo lại", state.Status);
        }

        CheckOpen(command, context);
        var opened = new DossierOpened(code, command, now, context.ReferenceVersion);
        return Stamp(command.Audit, command.IdempotencyKey, command.AsDraft
            ? [opened]
            : [opened, new DossierReceived(command.Actor, now, null, SlaPolicy.AtReception(context, command.Channel, now), ReferenceVersion: context.ReferenceVersion)]);
    }

    /// <summary>The message when a counter dossier would be received without the citizen's consent.</summary>
    private static RuleViolationException ConsentMissing(string? code) =>
        new($"{(code is null ? "Hồ sơ nộp tại quầy" : $"Hồ sơ {code}")} cần công dân xác nhận (ký hoặc điểm chỉ) nội dung đã được nhập trước khi tiếp nhận.");

    /// <summary>The rules of creation that do not depend on the dossier itself.</summary>
    /// <exception cref="RuleViolationException">A field is missing, the procedure belongs to the other level, or an online dossier would skip acceptance.</exception>
    public static void CheckOpen(OpenDossier command, DossierContext context)
    {
        RequireText(command.Actor, "người thực hiện");
        RequireText(command.Applicant.FullName, "họ và tên người nộp");
        if (context.Procedure.Level != context.Office.Level)
        {
            throw new RuleViolationException(
                $"Thủ tục {context.Procedure.Code} là thủ tục {context.Procedure.Level.VietnameseName()}; cơ quan {context.Office.Code} là cơ quan {context.Office.Level.VietnameseName()}.");
        }

        if (command.Channel != Channel.Counter && !command.AsDraft)
        {
            throw new RuleViolationException("Hồ sơ trực tuyến đến ở trạng thái chờ tiếp nhận; không thể tiếp nhận ngay khi tạo.");
        }

        if ((command.Channel == Channel.Counter) != (command.PortalDossierId is null))
        {
            throw new RuleViolationException("Hồ sơ trực tuyến mang mã hồ sơ của cổng dịch vụ công, và chỉ hồ sơ trực tuyến mới có mã đó.");
        }

        if (command.Channel == Channel.Counter && !command.AsDraft && command.Consent is null)
        {
            throw ConsentMissing(null);
        }
    }

    /// <summary>
    /// The steps that may be taken on <paramref name="state"/> at <paramref name="now"/>: legal in its status, and not
    /// refused by a rule of the dossier itself (a supplement is requested once; an apology is issued once, and only
    /// once the dossier is nearly late or late). What a step still needs from its request (a reason, a recipient, a
    /// new appointment, the citizen's consent) is not judged here. <see cref="Decide(DossierState, DossierCommand, DossierContext, DateTimeOffset)"/>
    /// applies the same rules, so a step offered here is refused only for what its request lacks.
    /// </summary>
    public static IReadOnlyList<DossierAction> Available(DossierState state, DateTimeOffset now) =>
        [.. DossierTransitions.AllowedIn(state.Status).Where(action => RuleAgainst(state, action, now) is null)];

    /// <summary>
    /// Whether receiving a dossier that arrived by <paramref name="channel"/> with <paramref name="recorded"/> consent
    /// still needs the citizen's consent: a counter dossier is received only once the citizen confirmed what was entered.
    /// </summary>
    public static bool ConsentNeededToReceive(Channel channel, Consent? recorded) => channel == Channel.Counter && recorded is null;

    /// <summary>Decides a step on an existing dossier.</summary>
    public static IReadOnlyList<DossierEvent> Decide(DossierState state, DossierCommand command, DossierContext context, DateTimeOffset now)
    {
        if (!DossierTransitions.IsAllowed(command.Action, state.Status))
        {
            throw new IllegalTransitionException(state.Code, Describe(command.Action), state.Status);
        }

        if (RuleAgainst(state, command.Action, now) is { } rule)
        {
            throw new RuleViolationException(rule);
        }

        RequireText(command.Actor, "người thực hiện");
        var (actor, note) = (command.Actor, command.Note);
        return Stamp(command.Audit, command.IdempotencyKey, command.Action switch
        {
            DossierAction.Receive when ConsentNeededToReceive(state.Channel, state.Consent) && command.Consent is null => throw ConsentMissing(state.Code),
            DossierAction.Receive => [new DossierReceived(actor, now, note, SlaPolicy.AtReception(context, state.Channel, now), state.Consent is null ? command.Consent : null, context.ReferenceVersion)],
            DossierAction.Refuse => [Change(command, DossierStatus.RefusedAtReception, null, now, reasonRequired: true)],
            DossierAction.Forward => [Change(command, DossierStatus.InProcessing, RequireText(command.To, "người nhận hồ sơ"), now)],
            DossierAction.SubmitForSignature => [Change(command, DossierStatus.AwaitingSignature, RequireText(command.To, "người nhận hồ sơ"), now)],
            DossierAction.ApproveResult => [Change(command, DossierStatus.ResultReady, command.To ?? CounterDesk, now)],
            DossierAction.ReturnResult => [Change(command, DossierStatus.Returned, state.Applicant?.FullName, now)],
            DossierAction.RequestSupplement => [new ClockPaused(command.Action, DossierStatus.SupplementRequested, actor, now, RequireText(note, "lý do"))],
            DossierAction.RequirePayment => [new ClockPaused(command.Action, DossierStatus.PaymentRequired, actor, now, RequireText(note, "lý do"))],
            DossierAction.ResubmitSupplement => [Resume(state, command, context, now, context.Rules.SupplementPolicy)],
            DossierAction.ConfirmPayment => [Resume(state, command, context, now, SupplementPolicy.ShiftDueTime)],
            DossierAction.Withdraw => [Change(command, DossierStatus.Withdrawn, null, now, reasonRequired: true)],
            DossierAction.Stop => [Change(command, DossierStatus.Stopped, null, now, reasonRequired: true)],
            DossierAction.IssueApology => [Apologise(state, command, context, now)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Action, "Unknown action."),
        });
    }

    /// <summary>
    /// Deadline events due at <paramref name="now"/> that have not fired yet, in order. Empty when none is due,
    /// so a duplicate or late reminder tick is harmless.
    /// </summary>
    public static IReadOnlyList<DossierEvent> FireDeadlines(DossierState state, DateTimeOffset now)
    {
        if (!state.Status.ClockRuns() || state.Schedule is not { } schedule)
        {
            return [];
        }

        var events = new List<DossierEvent>();
        for (var fired = schedule.Fired; fired < 3; fired++)
        {
            var kind = (DeadlineEvent)fired;
            var at = schedule.Deadline.At(kind);
            if (at > now)
            {
                break;
            }

            var note = (kind, schedule.Generation, state.ApologyIssuedAt) switch
            {
                (DeadlineEvent.NearlyLate, _, _) => "Sắp đến hạn trả kết quả.",
                (DeadlineEvent.Due, 0, null) => "Đã quá hạn: cần phiếu xin lỗi và hẹn lại ngày trả kết quả (mẫu 04).",
                (DeadlineEvent.Due, _, _) => "Đã quá hạn.",
                _ => "Quá hạn kéo dài: báo cáo lãnh đạo.",
            };
            events.Add(new DeadlineReached(kind, schedule.Generation, at, note));
        }

        return events;
    }

    /// <summary>Applies events in order.</summary>
    public static DossierState Evolve(DossierState state, IEnumerable<DossierEvent> events) => events.Aggregate(state, Apply);

    /// <summary>Folds one event into the state and appends its line to the history.</summary>
    public static DossierState Apply(DossierState state, DossierEvent @event)
    {
        var from = state.Status;
        var next = @event switch
        {
            DossierOpened e => state with
            {
                Code = e.Code,
                ReferenceVersion = e.ReferenceVersion,
                OfficeCode = e.Command.OfficeCode,
                ProcedureCode = e.Command.ProcedureCode,
                Channel = e.Command.Channel,
                Applicant = e.Command.Applicant,
                Status = DossierStatus.Draft,
                EnteredBy = e.Actor,
                Holder = e.Actor,
                CreatedAt = e.At,
                Consent = e.Command.Consent is { } method ? new Consent { Method = method, At = e.At, By = e.Actor } : null,
                Form = e.Command.Form,
                PortalDossierId = e.Command.PortalDossierId,
            },
            DossierReceived e => state with
            {
                Status = DossierStatus.Received,
                Holder = e.Actor,
                Sla = e.Sla,
                Schedule = new Schedule { Deadline = e.Sla.Deadline },
                Consent = e.Consent is { } method ? new Consent { Method = method, At = e.At, By = e.Actor } : state.Consent,
                ReferenceVersion = e.ReferenceVersion,
            },
            StatusChanged e => state with
            {
                Status = e.To,
                Holder = e.HandOverTo ?? state.Holder,
                CompletedAt = e.To == DossierStatus.ResultReady ? e.At : state.CompletedAt,
                Outcome = e.To == DossierStatus.ResultReady ? state.Sla?.Deadline.Judge(e.At) : state.Outcome,
            },
            ClockPaused e => state with
            {
                Status = e.To,
                Pause = new Pause { Since = e.At, ResumeTo = state.Status },
                SupplementRequested = state.SupplementRequested || e.To == DossierStatus.SupplementRequested,
            },
            ClockResumed e => state with
            {
                Status = state.Pause!.ResumeTo,
                Pause = null,
                Sla = e.Sla,
                Schedule = e.Schedule,
                WaitingTime = state.WaitingTime + e.Waited,
            },
            ApologyIssued e => state with { ApologyIssuedAt = e.At, Schedule = e.Schedule },
            DeadlineRevised e => state with { Sla = e.Sla, Schedule = e.Schedule },
            DeadlineReached e => state with { Schedule = state.Schedule! with { Fired = (int)e.Kind + 1 } },
            DossierRated e => state with { Rating = e.Rating },
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event."),
        };

        var handOver = @event is DossierReceived or StatusChanged { HandOverTo: not null };
        return next with
        {
            History = state.History.Add(new DossierStep
            {
                Sequence = state.History.Count + 1,
                Kind = KindOf(@event),
                From = from,
                To = next.Status,
                Actor = @event.Actor,
                At = @event.At,
                Note = @event.Note,
                HandOverFrom = handOver ? HandOverFrom(state, @event) : null,
                HandOverTo = handOver ? next.Holder : null,
                Timeliness = handOver ? next.Sla?.Deadline.Judge(@event.At) : null,
                Audit = @event.Audit,
                IdempotencyKey = @event.IdempotencyKey,
            }),
        };
    }

    // At reception the dossier comes from the volunteer who entered it, or straight from the citizen.
    private static string? HandOverFrom(DossierState state, DossierEvent @event) =>
        @event is DossierReceived && (state.Holder is null || state.Holder == @event.Actor) ? state.Applicant?.FullName : state.Holder;

    private static StepKind KindOf(DossierEvent @event) => @event switch
    {
        DossierOpened => StepKind.Created,
        DossierReceived => StepKind.Of(DossierAction.Receive),
        StatusChanged e => StepKind.Of(e.Action),
        ClockPaused e => StepKind.Of(e.Action),
        ClockResumed e => StepKind.Of(e.Action),
        ApologyIssued => StepKind.Of(DossierAction.IssueApology),
        DossierRated => StepKind.Rated,
        DeadlineRevised => StepKind.Revised,
        DeadlineReached e => StepKind.Of(e.Kind, e.Generation),
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown event."),
    };

    // Who asked and from where go on every event of a request; its idempotency key on the first, the step it names.
    private static IReadOnlyList<DossierEvent> Stamp(AuditContext? audit, string? idempotencyKey, IReadOnlyList<DossierEvent> events) =>
        audit is null && idempotencyKey is null
            ? events
            : [.. events.Select((e, i) => e with { Audit = audit, IdempotencyKey = i == 0 ? idempotencyKey : null })];

    private static StatusChanged Change(DossierCommand command, DossierStatus to, string? handOverTo, DateTimeOffset now, bool reasonRequired = false)
    {
        var note = reasonRequired ? RequireText(command.Note, "lý do") : command.Note;
        return new StatusChanged(command.Action, to, handOverTo, command.Actor, now, note);
    }

    private static ClockResumed Resume(DossierState state, DossierCommand command, DossierContext context, DateTimeOffset now, SupplementPolicy policy)
    {
        var pause = state.Pause!;
        var calendar = context.Calendar;
        var waited = calendar.Between(pause.Since, now);
        if (policy == SupplementPolicy.RestartClock)
        {
            var restarted = SlaPolicy.Restart(state.Sla!, context, now);
            return new ClockResumed(command.Action, restarted, new Schedule { Deadline = restarted.Deadline }, waited, command.Actor, now, command.Note);
        }

        var sla = state.Sla! with { Deadline = Shift(state.Sla!.Deadline, calendar, pause.Since, waited) };
        var schedule = state.Schedule! with { Deadline = Shift(state.Schedule!.Deadline, calendar, pause.Since, waited) };
        return new ClockResumed(command.Action, sla, schedule, waited, command.Actor, now, command.Note);
    }

    /// <summary>
    /// <paramref name="deadline"/> after a pause from <paramref name="pausedAt"/> that waited <paramref name="waited"/> of
    /// working time (supplement policy <see cref="SupplementPolicy.ShiftDueTime"/>): each instant still ahead at the pause
    /// moves later by the working time waited; those already behind it stay.
    /// </summary>
    internal static Deadline Shift(Deadline deadline, WorkingCalendar calendar, DateTimeOffset pausedAt, TimeSpan waited)
    {
        DateTimeOffset Move(DateTimeOffset instant) => instant > pausedAt ? calendar.Add(instant, waited) : instant;
        return new Deadline { NearlyLateAt = Move(deadline.NearlyLateAt), DueAt = Move(deadline.DueAt), OverdueAt = Move(deadline.OverdueAt) };
    }

    // The dossier's own rules against a step legal in its status: the reason it may not be taken now, or null.
    private static string? RuleAgainst(DossierState state, DossierAction action, DateTimeOffset now) => action switch
    {
        DossierAction.RequestSupplement when state.SupplementRequested =>
            $"Hồ sơ {state.Code} đã được yêu cầu bổ sung một lần; việc hướng dẫn bổ sung chỉ thực hiện một lần, bằng văn bản.",
        DossierAction.IssueApology when state.ApologyIssuedAt is not null =>
            $"Hồ sơ {state.Code} đã có phiếu xin lỗi và hẹn lại ngày trả kết quả; ngày hẹn mới chỉ được đưa ra một lần.",
        DossierAction.IssueApology when state.BucketAt(now) is null or Bucket.NotYetDue =>
            $"Hồ sơ {state.Code} chưa có nguy cơ trễ hạn; phiếu xin lỗi chỉ lập khi hồ sơ sắp đến hạn hoặc đã quá hạn.",
        _ => null,
    };

    private static ApologyIssued Apologise(DossierState state, DossierCommand command, DossierContext context, DateTimeOffset now)
    {
        var reason = RequireText(command.Note, "lý do");
        var appointment = command.NewAppointment ?? throw new RuleViolationException("Phiếu xin lỗi cần có ngày giờ hẹn trả kết quả mới.");
        var legalDue = state.Sla!.Deadline.DueAt;
        if (appointment <= now || appointment <= legalDue)
        {
            throw new RuleViolationException(
                $"Ngày giờ hẹn mới phải sau thời điểm hiện tại và sau hạn trả kết quả {VietnameseWords.DateTime(context.Calendar.ToLocal(legalDue))}.");
        }

        if (appointment > legalDue.AddDays(MaxAppointmentDelayDays))
        {
            throw new RuleViolationException($"Ngày giờ hẹn mới không được quá {MaxAppointmentDelayDays} ngày sau hạn trả kết quả.");
        }

        var deadline = SlaPolicy.DeadlineBetween(context, now, appointment);
        return new ApologyIssued(new Schedule { Deadline = deadline, Generation = state.Schedule!.Generation + 1 }, command.Actor, now, reason);
    }

    /// <summary><paramref name="value"/>, or a <see cref="RuleViolationException"/> naming <paramref name="field"/> when it is blank.</summary>
    internal static string RequireText(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new RuleViolationException($"Cần có {field}.") : value;

    private static string Describe(DossierAction action) => $"thực hiện bước «{StepNames.Button(action)}»";
}
