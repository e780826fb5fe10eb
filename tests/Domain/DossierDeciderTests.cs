using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// Shared set-up for the pure decider tests: the shipped reference data, contexts picked by level and
/// fast-track flag, and helpers that drive real commands through <see cref="DossierDecider"/>.
/// </summary>
internal static class DossierDeciderHarness
{
    public const string DistrictOffice = "018";
    public const string CommuneOffice = "00529";
    public const string Officer = "can-bo.lan";
    public const string Volunteer = "tinh-nguyen-vien.minh";
    public const string Specialist = "chuyen-vien.hung";
    public const string Leader = "lanh-dao.thu";

    public static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>Tuesday 13 September 2022, 09:00: the first fast-track Tuesday.</summary>
    public static readonly DateTimeOffset Tuesday0900 = At(2022, 9, 13, 9, 0);

    private static readonly Lazy<ReferenceData> LazyData =
        new(() => ReferenceDataFolder.Load(ReferenceDataFolder.Shipped));

    public static ReferenceData Data => LazyData.Value;

    public static Applicant Applicant { get; } = new() { FullName = "Nguyễn Văn An", Phone = "0912345678" };

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Vietnam);

    /// <summary>The first catalogue procedure of <paramref name="level"/> with the given fast-track flag, timed in working days.</summary>
    public static Procedure Procedure(OfficeLevel level, bool fastTrack) =>
        Data.Procedures.Values.First(p => p.Level == level && p.FastTrack == fastTrack && p.ProcessingTime.WorkingDays is not null);

    public static string OfficeOf(OfficeLevel level) => level == OfficeLevel.District ? DistrictOffice : CommuneOffice;

    public static DossierContext Context(OfficeLevel level = OfficeLevel.Commune, bool fastTrack = true) =>
        Data.ContextFor(OfficeOf(level), Procedure(level, fastTrack).Code);

    public static DossierContext WithPolicy(DossierContext context, SupplementPolicy policy) =>
        context with { Rules = context.Rules with { SupplementPolicy = policy } };

    public static OpenDossier OpenCommand(
        DossierContext context, bool asDraft = false, string actor = Officer, Channel channel = Channel.Counter, string? note = null) => new()
        {
            OfficeCode = context.Office.Code,
            ProcedureCode = context.Procedure.Code,
            Applicant = Applicant,
            Form = SampleForm.For(context.Procedure),
            Channel = channel,
            Actor = actor,
            AsDraft = asDraft,
            Note = note,
            Consent = ConsentMethod.Signature,
            PortalDossierId = channel == Channel.Counter ? null : "G22.99-220913-000123",
        };

    public static string CodeFor(DossierContext context, DateTimeOffset at) =>
        DossierCodeFormat.Format(context.Office.Code, context.Calendar.LocalDate(at), 1);

    public static DossierState Open(
        DossierContext context, DateTimeOffset at, bool asDraft = false, string actor = Officer, Channel channel = Channel.Counter, string? note = null)
    {
        var events = DossierDecider.Decide(DossierState.Empty, CodeFor(context, at), OpenCommand(context, asDraft, actor, channel, note), context, at);
        return DossierDecider.Evolve(DossierState.Empty, events);
    }

    /// <summary>A command for <paramref name="action"/> with every field a valid request carries.</summary>
    public static DossierCommand ValidCommand(DossierAction action, DateTimeOffset now) => new()
    {
        Action = action,
        Actor = action switch
        {
            DossierAction.SubmitForSignature => Specialist,
            DossierAction.ApproveResult => Leader,
            _ => Officer,
        },
        Note = $"Ghi chú: {action}",
        Consent = action == DossierAction.Receive ? ConsentMethod.Signature : null,
        To = action switch
        {
            DossierAction.Forward => Specialist,
            DossierAction.SubmitForSignature => Leader,
            _ => null,
        },
        NewAppointment = action == DossierAction.IssueApology ? now.AddDays(30) : null,
    };

    public static DossierState Do(DossierState state, DossierContext context, DossierCommand command, DateTimeOffset now) =>
        DossierDecider.Evolve(state, DossierDecider.Decide(state, command, context, now));

    public static DossierState Do(DossierState state, DossierContext context, DossierAction action, DateTimeOffset now) =>
        Do(state, context, ValidCommand(action, now), now);

    public static DossierState Tick(DossierState state, DateTimeOffset now) =>
        DossierDecider.Evolve(state, DossierDecider.FireDeadlines(state, now));
}

public class DossierDeciderTests
{
    // Commune fast-track procedure received at the counter on Tuesday 09:00: 120 working minutes,
    // nearly late at 10:30 (75 %), due 11:00, overdue 240 working minutes later at 16:00.
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;
    private static readonly DateTimeOffset NearlyLate = T0.AddMinutes(90);
    private static readonly DateTimeOffset Due = T0.AddMinutes(120);
    private static readonly DateTimeOffset Overdue = DossierDeciderHarness.At(2022, 9, 13, 16, 0);
    private static readonly DateTimeOffset Wednesday1000 = DossierDeciderHarness.At(2022, 9, 14, 10, 0);

    private static DossierContext FastTrack => DossierDeciderHarness.Context();

    private static DossierState ReceivedAtT0(DossierContext? context = null) => DossierDeciderHarness.Open(context ?? FastTrack, T0);

    private static DossierState InProcessingAtT0(DossierContext? context = null)
    {
        var ctx = context ?? FastTrack;
        return DossierDeciderHarness.Do(ReceivedAtT0(ctx), ctx, DossierAction.Forward, T0.AddMinutes(10));
    }

    private static DossierCommand Command(DossierAction action, string? note = "Lý do", string? to = null, DateTimeOffset? newAppointment = null) => new()
    {
        Action = action,
        Actor = DossierDeciderHarness.Officer,
        Note = note,
        To = to,
        NewAppointment = newAppointment,
    };

    [Fact]
    public void Open_AtTheCounterOnTuesday_StartsTheFastTrackDeadlineAsExpected()
    {
        var state = ReceivedAtT0();

        Assert.Equal(DossierStatus.Received, state.Status);
        var sla = Assert.IsType<Sla>(state.Sla);
        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(T0, sla.ClockStartedAt);
        Assert.Equal(NearlyLate, sla.Deadline.NearlyLateAt);
        Assert.Equal(Due, sla.Deadline.DueAt);
        Assert.Equal(Overdue, sla.Deadline.OverdueAt);
        Assert.Equal(sla.Deadline, state.Schedule?.Deadline);
        Assert.Equal(0, state.Schedule?.Generation);
        Assert.Equal(NearlyLate, state.NextDeadlineEventAt);
    }

    [Fact]
    public void HappyPath_AtTheCounter_RecordsEveryStepOnTheControlSlip()
    {
        var ctx = FastTrack;
        var forwardAt = T0.AddMinutes(20);
        var submitAt = T0.AddMinutes(60);
        var approveAt = T0.AddMinutes(95);
        var returnAt = T0.AddMinutes(130);

        var state = DossierDeciderHarness.Open(ctx, T0, note: "Tiếp nhận tại quầy");
        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.Forward, "Chuyển chuyên môn", DossierDeciderHarness.Specialist), forwardAt);
        state = DossierDeciderHarness.Do(
            state, ctx, Command(DossierAction.SubmitForSignature, "Trình ký", DossierDeciderHarness.Leader) with { Actor = DossierDeciderHarness.Specialist }, submitAt);
        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.ApproveResult, "Đã ký") with { Actor = DossierDeciderHarness.Leader }, approveAt);
        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.ReturnResult, "Đã trả"), returnAt);

        var applicant = DossierDeciderHarness.Applicant.FullName;
        DossierStep[] expected =
        [
            new() { Sequence = 1, Kind = StepKind.Created, From = DossierStatus.None, To = DossierStatus.Draft, Actor = DossierDeciderHarness.Officer, At = T0, Note = "Tiếp nhận tại quầy" },
            new()
            {
                Sequence = 2, Kind = StepKind.Of(DossierAction.Receive), From = DossierStatus.Draft, To = DossierStatus.Received, Actor = DossierDeciderHarness.Officer, At = T0,
                HandOverFrom = "Nguyễn Văn An", HandOverTo = DossierDeciderHarness.Officer, Timeliness = Timeliness.Early,
            },
            new()
            {
                Sequence = 3, Kind = StepKind.Of(DossierAction.Forward), From = DossierStatus.Received, To = DossierStatus.InProcessing, Actor = DossierDeciderHarness.Officer,
                At = forwardAt, Note = "Chuyển chuyên môn", HandOverFrom = DossierDeciderHarness.Officer, HandOverTo = DossierDeciderHarness.Specialist,
                Timeliness = Timeliness.Early,
            },
            new()
            {
                Sequence = 4, Kind = StepKind.Of(DossierAction.SubmitForSignature), From = DossierStatus.InProcessing, To = DossierStatus.AwaitingSignature,
                Actor = DossierDeciderHarness.Specialist, At = submitAt, Note = "Trình ký", HandOverFrom = DossierDeciderHarness.Specialist,
                HandOverTo = DossierDeciderHarness.Leader, Timeliness = Timeliness.Early,
            },
            new()
            {
                Sequence = 5, Kind = StepKind.Of(DossierAction.ApproveResult), From = DossierStatus.AwaitingSignature, To = DossierStatus.ResultReady,
                Actor = DossierDeciderHarness.Leader, At = approveAt, Note = "Đã ký", HandOverFrom = DossierDeciderHarness.Leader,
                HandOverTo = DossierDecider.CounterDesk, Timeliness = Timeliness.OnTime,
            },
            new()
            {
                Sequence = 6, Kind = StepKind.Of(DossierAction.ReturnResult), From = DossierStatus.ResultReady, To = DossierStatus.Returned, Actor = DossierDeciderHarness.Officer,
                At = returnAt, Note = "Đã trả", HandOverFrom = DossierDecider.CounterDesk, HandOverTo = applicant, Timeliness = Timeliness.Late,
            },
        ];

        Assert.Equal(expected, state.History);
        Assert.Equal(DossierStatus.Returned, state.Status);
        Assert.Equal(applicant, state.Holder);
        Assert.Equal(approveAt, state.CompletedAt);
        Assert.Equal(Timeliness.OnTime, state.Outcome);
        Assert.Equal(DossierDeciderHarness.Officer, state.EnteredBy);
    }

    [Theory]
    [InlineData(0, Timeliness.Early)]
    [InlineData(89, Timeliness.Early)]
    [InlineData(90, Timeliness.OnTime)]
    [InlineData(105, Timeliness.OnTime)]
    [InlineData(120, Timeliness.OnTime)]
    [InlineData(121, Timeliness.Late)]
    public void HandOver_IsJudgedAgainstTheNearlyLatePointAndTheDueTime(int minutesAfterReception, Timeliness expected)
    {
        var state = DossierDeciderHarness.Do(ReceivedAtT0(), FastTrack, DossierAction.Forward, T0.AddMinutes(minutesAfterReception));

        var step = state.History[^1];
        Assert.Equal(StepKind.Of(DossierAction.Forward), step.Kind);
        Assert.Equal(expected, step.Timeliness);
    }

    [Fact]
    public void ApproveResult_AfterDue_RecordsALateOutcome()
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.SubmitForSignature, T0.AddMinutes(30));

        state = DossierDeciderHarness.Do(state, ctx, DossierAction.ApproveResult, Due.AddMinutes(1));

        Assert.Equal(Timeliness.Late, state.Outcome);
        Assert.Equal(Due.AddMinutes(1), state.CompletedAt);
    }

    [Fact]
    public void Receive_OfAVolunteerDraft_StartsTheClockAtReceptionAndKeepsTheVolunteerAsEnteredBy()
    {
        var ctx = FastTrack;
        var draftedAt = DossierDeciderHarness.At(2022, 9, 13, 8, 30);
        var receivedAt = DossierDeciderHarness.At(2022, 9, 13, 9, 10);

        var draft = DossierDeciderHarness.Open(ctx, draftedAt, asDraft: true, actor: DossierDeciderHarness.Volunteer);

        Assert.Equal(DossierStatus.Draft, draft.Status);
        Assert.Null(draft.Sla);
        Assert.Null(draft.Schedule);
        Assert.Null(draft.NextDeadlineEventAt);
        Assert.Equal(DossierDeciderHarness.Volunteer, draft.EnteredBy);
        Assert.Equal(draftedAt, draft.CreatedAt);

        var received = DossierDeciderHarness.Do(draft, ctx, DossierAction.Receive, receivedAt);

        Assert.Equal(DossierStatus.Received, received.Status);
        var sla = Assert.IsType<Sla>(received.Sla);
        Assert.Equal(receivedAt, sla.ClockStartedAt);
        Assert.Equal(ctx.Calendar.AddWorkingMinutes(receivedAt, ctx.Rules.FastTrackWorkingMinutes), sla.Deadline.DueAt);
        Assert.Equal(DossierDeciderHarness.Volunteer, received.EnteredBy);
        Assert.Equal(DossierDeciderHarness.Officer, received.Holder);
        Assert.Equal(draftedAt, received.CreatedAt);
        var step = received.History[^1];
        Assert.Equal(StepKind.Of(DossierAction.Receive), step.Kind);
        Assert.Equal(DossierDeciderHarness.Officer, step.Actor);
        Assert.Equal(receivedAt, step.At);
    }

    [Theory]
    [InlineData(Channel.NationalPortal)]
    [InlineData(Channel.CityPortal)]
    public void Open_OnlineDossierReceivedOnCreation_IsARuleViolation(Channel channel)
    {
        var ctx = FastTrack;

        Assert.Throws<RuleViolationException>(() => DossierDecider.CheckOpen(DossierDeciderHarness.OpenCommand(ctx, asDraft: false, channel: channel), ctx));
        var draft = DossierDeciderHarness.Open(ctx, T0, asDraft: true, channel: channel);
        Assert.Equal(DossierStatus.Draft, draft.Status);
        Assert.Equal(channel, draft.Channel);
        Assert.Equal("G22.99-220913-000123", draft.PortalDossierId);
    }

    [Theory]
    [InlineData(Channel.NationalPortal, null)]
    [InlineData(Channel.Counter, "G22.99-220913-000123")]
    public void Open_WithoutItsPortalsIdOnline_OrWithOneAtTheCounter_IsARuleViolation(Channel channel, string? portalDossierId)
    {
        var command = DossierDeciderHarness.OpenCommand(FastTrack, asDraft: true, channel: channel) with { PortalDossierId = portalDossierId };

        var error = Assert.Throws<RuleViolationException>(() => DossierDecider.CheckOpen(command, FastTrack));

        Assert.Contains("mã hồ sơ của cổng dịch vụ công", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResubmitSupplement_WithShiftDueTime_MovesTheDeadlinesByTheWaitingWorkingTime()
    {
        var ctx = DossierDeciderHarness.WithPolicy(FastTrack, SupplementPolicy.ShiftDueTime);
        var calendar = ctx.Calendar;
        var pausedAt = T0.AddMinutes(30);
        var paused = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.RequestSupplement, pausedAt);

        Assert.Equal(DossierStatus.SupplementRequested, paused.Status);
        Assert.Equal(new Pause { Since = pausedAt, ResumeTo = DossierStatus.InProcessing }, paused.Pause);
        Assert.True(paused.SupplementRequested);
        Assert.Null(paused.NextDeadlineEventAt);

        var before = paused.Sla!.Deadline;
        var resumed = DossierDeciderHarness.Do(paused, ctx, DossierAction.ResubmitSupplement, Wednesday1000);

        var waited = calendar.Between(pausedAt, Wednesday1000);
        Assert.Equal(TimeSpan.FromMinutes(150 + 240 + 120), waited);
        var after = resumed.Sla!.Deadline;
        Assert.Equal(calendar.Add(before.DueAt, waited), after.DueAt);
        Assert.Equal(calendar.Add(before.NearlyLateAt, waited), after.NearlyLateAt);
        Assert.Equal(calendar.Add(before.OverdueAt, waited), after.OverdueAt);
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 14, 11, 30), after.DueAt);
        // The office keeps exactly the working time it had left when it paused.
        Assert.Equal(calendar.Between(pausedAt, before.DueAt), calendar.Between(Wednesday1000, after.DueAt));
        Assert.Equal(after, resumed.Schedule!.Deadline);
        Assert.Equal(T0, resumed.Sla.ClockStartedAt);
        Assert.Equal(DossierStatus.InProcessing, resumed.Status);
        Assert.Null(resumed.Pause);
        Assert.Equal(waited, resumed.WaitingTime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ResubmitSupplement_WithRestartClock_RestartsTheFullTimeFromTheResumeInstant(bool fastTrack)
    {
        var ctx = DossierDeciderHarness.WithPolicy(fastTrack ? FastTrack : DossierDeciderHarness.Context(fastTrack: false), SupplementPolicy.RestartClock);
        var calendar = ctx.Calendar;
        var pausedAt = T0.AddMinutes(30);
        var paused = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.RequestSupplement, pausedAt);
        var rule = paused.Sla!.Rule;

        var resumed = DossierDeciderHarness.Do(paused, ctx, DossierAction.ResubmitSupplement, Wednesday1000);

        var expectedDue = fastTrack
            ? calendar.AddWorkingMinutes(Wednesday1000, ctx.Rules.FastTrackWorkingMinutes)
            : ctx.Procedure.ProcessingTime.DueFrom(calendar, Wednesday1000);
        var sla = resumed.Sla!;
        Assert.Equal(rule, sla.Rule);
        Assert.Equal(Wednesday1000, sla.ClockStartedAt);
        Assert.Equal(expectedDue, sla.Deadline.DueAt);
        Assert.Equal(sla.Deadline, resumed.Schedule!.Deadline);
        Assert.Equal(0, resumed.Schedule.Fired);
        Assert.Equal(calendar.Between(pausedAt, Wednesday1000), resumed.WaitingTime);
        Assert.Equal(DossierStatus.InProcessing, resumed.Status);
    }

    [Fact]
    public void RequestSupplement_ASecondTime_IsARuleViolation()
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.RequestSupplement, T0.AddMinutes(20));
        state = DossierDeciderHarness.Do(state, ctx, DossierAction.ResubmitSupplement, T0.AddMinutes(40));

        var error = Assert.Throws<RuleViolationException>(
            () => DossierDecider.Decide(state, Command(DossierAction.RequestSupplement, "Thiếu thêm giấy tờ"), ctx, T0.AddMinutes(50)));

        Assert.Contains(state.Code, error.Message);
    }

    [Fact]
    public void RequestSupplement_AfterAPaymentPause_IsStillAllowedOnce()
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.RequirePayment, T0.AddMinutes(20));
        state = DossierDeciderHarness.Do(state, ctx, DossierAction.ConfirmPayment, T0.AddMinutes(40));

        Assert.False(state.SupplementRequested);
        state = DossierDeciderHarness.Do(state, ctx, DossierAction.RequestSupplement, T0.AddMinutes(50));

        Assert.Equal(DossierStatus.SupplementRequested, state.Status);
    }

    [Theory]
    [InlineData(SupplementPolicy.ShiftDueTime)]
    [InlineData(SupplementPolicy.RestartClock)]
    public void ConfirmPayment_ShiftsTheDeadlinesByTheWaitingTime_WhateverTheSupplementPolicy(SupplementPolicy policy)
    {
        var ctx = DossierDeciderHarness.WithPolicy(FastTrack, policy);
        var calendar = ctx.Calendar;
        var pausedAt = T0.AddMinutes(30);
        var paused = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.RequirePayment, pausedAt);

        Assert.Equal(DossierStatus.PaymentRequired, paused.Status);
        Assert.Equal(new Pause { Since = pausedAt, ResumeTo = DossierStatus.InProcessing }, paused.Pause);
        Assert.False(paused.SupplementRequested);
        var before = paused.Sla!.Deadline;

        var resumed = DossierDeciderHarness.Do(paused, ctx, DossierAction.ConfirmPayment, Wednesday1000);

        var waited = calendar.Between(pausedAt, Wednesday1000);
        Assert.Equal(calendar.Add(before.DueAt, waited), resumed.Sla!.Deadline.DueAt);
        Assert.Equal(calendar.Add(before.NearlyLateAt, waited), resumed.Sla.Deadline.NearlyLateAt);
        Assert.Equal(T0, resumed.Sla.ClockStartedAt);
        Assert.Equal(waited, resumed.WaitingTime);
        Assert.Equal(DossierStatus.InProcessing, resumed.Status);
    }

    public static TheoryData<DossierAction, string?> ReasonedActionsWithBlankReasons
    {
        get
        {
            var data = new TheoryData<DossierAction, string?>();
            foreach (var action in new[]
            {
                DossierAction.Refuse, DossierAction.Withdraw, DossierAction.Stop, DossierAction.RequestSupplement, DossierAction.RequirePayment,
            })
            {
                foreach (var blank in new[] { null, string.Empty, "   " })
                {
                    data.Add(action, blank);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReasonedActionsWithBlankReasons))]
    public void ReasonedAction_WithoutAReason_IsARuleViolation(DossierAction action, string? blank)
    {
        var ctx = FastTrack;
        var state = action == DossierAction.Refuse ? DossierDeciderHarness.Open(ctx, T0, asDraft: true) : InProcessingAtT0(ctx);

        var error = Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(state, Command(action, note: blank), ctx, T0.AddMinutes(30)));

        Assert.Contains("lý do", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DossierAction.Forward, null)]
    [InlineData(DossierAction.Forward, "")]
    [InlineData(DossierAction.Forward, "  ")]
    [InlineData(DossierAction.SubmitForSignature, null)]
    [InlineData(DossierAction.SubmitForSignature, " ")]
    public void HandOver_WithoutTo_IsARuleViolation(DossierAction action, string? to)
    {
        var ctx = FastTrack;
        var state = action == DossierAction.Forward ? ReceivedAtT0(ctx) : InProcessingAtT0(ctx);

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(state, Command(action, to: to), ctx, T0.AddMinutes(30)));
    }

    [Fact]
    public void Command_WithoutAnActor_IsARuleViolation()
    {
        var ctx = FastTrack;

        Assert.Throws<RuleViolationException>(
            () => DossierDecider.Decide(ReceivedAtT0(ctx), Command(DossierAction.Forward, to: "x") with { Actor = " " }, ctx, T0.AddMinutes(5)));
    }

    [Theory]
    [InlineData(OfficeLevel.Commune, OfficeLevel.District)]
    [InlineData(OfficeLevel.District, OfficeLevel.Commune)]
    public void CheckOpen_ProcedureOfTheOtherLevel_IsARuleViolation(OfficeLevel officeLevel, OfficeLevel procedureLevel)
    {
        var procedure = DossierDeciderHarness.Procedure(procedureLevel, fastTrack: true);
        var ctx = DossierDeciderHarness.Data.ContextFor(DossierDeciderHarness.OfficeOf(officeLevel), procedure.Code);
        var command = DossierDeciderHarness.OpenCommand(ctx);

        var error = Assert.Throws<RuleViolationException>(() => DossierDecider.CheckOpen(command, ctx));
        Assert.Contains(procedure.Code, error.Message);
        Assert.Contains(ctx.Office.Code, error.Message);
        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(DossierState.Empty, "X-220913-0001", command, ctx, T0));
    }

    [Fact]
    public void FireDeadlines_BeforeTheNearlyLatePoint_ReturnsNothing()
    {
        var state = ReceivedAtT0();

        Assert.Empty(DossierDecider.FireDeadlines(state, T0));
        Assert.Empty(DossierDecider.FireDeadlines(state, NearlyLate.AddTicks(-1)));
    }

    [Fact]
    public void FireDeadlines_FiresEachEventAtItsInstant()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);
        var window = ctx.Calendar.Between(T0, Due);
        Assert.Equal(window * ctx.Rules.NearlyLateFraction, ctx.Calendar.Between(T0, state.Sla!.Deadline.NearlyLateAt));

        var nearly = Assert.IsType<DeadlineReached>(Assert.Single(DossierDecider.FireDeadlines(state, NearlyLate)));
        Assert.Equal((DeadlineEvent.NearlyLate, 0, NearlyLate, DossierDecider.SystemActor), (nearly.Kind, nearly.Generation, nearly.At, nearly.Actor));
        state = DossierDecider.Evolve(state, [nearly]);
        Assert.Equal(Due, state.NextDeadlineEventAt);
        Assert.Empty(DossierDecider.FireDeadlines(state, Due.AddTicks(-1)));

        var due = Assert.IsType<DeadlineReached>(Assert.Single(DossierDecider.FireDeadlines(state, Due)));
        Assert.Equal((DeadlineEvent.Due, Due), (due.Kind, due.At));
        state = DossierDecider.Evolve(state, [due]);
        Assert.Equal(Overdue, state.NextDeadlineEventAt);
        Assert.Empty(DossierDecider.FireDeadlines(state, Overdue.AddTicks(-1)));

        var overdue = Assert.IsType<DeadlineReached>(Assert.Single(DossierDecider.FireDeadlines(state, Overdue)));
        Assert.Equal((DeadlineEvent.Overdue, Overdue), (overdue.Kind, overdue.At));
        state = DossierDecider.Evolve(state, [overdue]);
        Assert.Null(state.NextDeadlineEventAt);
        Assert.Equal(3, state.Schedule!.Fired);

        var fired = state.History.Skip(2).ToList();
        Assert.Equal(Enum.GetValues<DeadlineEvent>().Select(e => StepKind.Of(e)), fired.Select(s => s.Kind));
        Assert.All(fired, s => Assert.Equal(DossierDecider.SystemActor, s.Actor));
        Assert.All(fired, s => Assert.Equal(DossierStatus.Received, s.To));
        Assert.Equal([NearlyLate, Due, Overdue], fired.Select(s => s.At));
    }

    [Fact]
    public void FireDeadlines_OnAVeryLateTick_ReturnsAllThreeInOrder()
    {
        var state = ReceivedAtT0();

        var events = DossierDecider.FireDeadlines(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0));

        var reached = events.Select(e => Assert.IsType<DeadlineReached>(e)).ToList();
        Assert.Equal([DeadlineEvent.NearlyLate, DeadlineEvent.Due, DeadlineEvent.Overdue], reached.Select(e => e.Kind));
        Assert.Equal([NearlyLate, Due, Overdue], reached.Select(e => e.At));
        Assert.Equal(3, DossierDecider.Evolve(state, events).Schedule!.Fired);
    }

    [Fact]
    public void FireDeadlines_DuplicateTickAfterApplying_ReturnsNothing()
    {
        var state = DossierDeciderHarness.Tick(ReceivedAtT0(), NearlyLate);
        var historyLength = state.History.Count;

        Assert.Empty(DossierDecider.FireDeadlines(state, NearlyLate));
        Assert.Empty(DossierDecider.FireDeadlines(state, NearlyLate.AddMinutes(10)));

        state = DossierDeciderHarness.Tick(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0));
        Assert.Empty(DossierDecider.FireDeadlines(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0)));
        Assert.Equal(historyLength + 2, state.History.Count);
    }

    [Theory]
    [InlineData(DossierAction.RequestSupplement)]
    [InlineData(DossierAction.RequirePayment)]
    public void FireDeadlines_WhilePaused_ReturnsNothing(DossierAction pause)
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, pause, T0.AddMinutes(30));

        Assert.Empty(DossierDecider.FireDeadlines(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0)));
        Assert.Null(state.NextDeadlineEventAt);
    }

    [Fact]
    public void FireDeadlines_AfterResultReady_ReturnsNothing()
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.SubmitForSignature, T0.AddMinutes(20));
        state = DossierDeciderHarness.Do(state, ctx, DossierAction.ApproveResult, T0.AddMinutes(40));

        Assert.Equal(DossierStatus.ResultReady, state.Status);
        Assert.Empty(DossierDecider.FireDeadlines(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0)));
        Assert.Null(state.NextDeadlineEventAt);
    }

    [Fact]
    public void FireDeadlines_OnADraft_ReturnsNothing()
    {
        var state = DossierDeciderHarness.Open(FastTrack, T0, asDraft: true, actor: DossierDeciderHarness.Volunteer);

        Assert.Empty(DossierDecider.FireDeadlines(state, DossierDeciderHarness.At(2022, 9, 20, 9, 0)));
    }

    [Fact]
    public void FireDeadlines_DueWithoutApology_NotesThatAnApologyIsNeeded()
    {
        var state = DossierDeciderHarness.Tick(ReceivedAtT0(), NearlyLate);

        var due = Assert.IsType<DeadlineReached>(Assert.Single(DossierDecider.FireDeadlines(state, Due)));

        Assert.Equal(DeadlineEvent.Due, due.Kind);
        Assert.Contains("xin lỗi", due.Note, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ApologyRequiredAt_IsTrueOnlyAfterDueAndUntilTheApology()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);

        Assert.False(state.ApologyRequiredAt(NearlyLate));
        Assert.False(state.ApologyRequiredAt(Due.AddTicks(-1)));
        Assert.True(state.ApologyRequiredAt(Due.AddMinutes(1)));
        Assert.True(state.ApologyRequiredAt(Due.AddMinutes(30)));

        var apologised = DossierDeciderHarness.Do(state, ctx, DossierAction.IssueApology, Due.AddMinutes(10));

        Assert.False(apologised.ApologyRequiredAt(Due.AddMinutes(30)));
        Assert.Equal(Bucket.Late, apologised.BucketAt(Due.AddMinutes(30)));
    }

    [Fact]
    public void Available_OffersTheApologyOnlyOnceAndOnlyWhenDue_AndEveryOfferedStepPassesTheDossiersRules()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);

        Assert.DoesNotContain(DossierAction.IssueApology, DossierDecider.Available(state, NearlyLate.AddTicks(-1)));
        Assert.Contains(DossierAction.IssueApology, DossierDecider.Available(state, NearlyLate));
        Assert.Contains(DossierAction.IssueApology, DossierDecider.Available(state, Due.AddMinutes(5)));

        var apologised = DossierDeciderHarness.Do(state, ctx, DossierAction.IssueApology, Due.AddMinutes(10));
        Assert.DoesNotContain(DossierAction.IssueApology, DossierDecider.Available(apologised, Due.AddMinutes(30)));
        var refused = Assert.Throws<RuleViolationException>(() => DossierDeciderHarness.Do(apologised, ctx, DossierAction.IssueApology, Due.AddMinutes(30)));
        Assert.Contains("chỉ được đưa ra một lần", refused.Message, StringComparison.Ordinal);

        // Whatever is offered, the decider takes (given what its request must bring).
        foreach (var action in DossierDecider.Available(state, NearlyLate))
        {
            Assert.NotEmpty(DossierDecider.Decide(state, DossierDeciderHarness.ValidCommand(action, NearlyLate), ctx, NearlyLate));
        }
    }

    [Fact]
    public void Available_AfterTheFirstSupplement_NoLongerOffersASupplementRequest()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);
        Assert.Contains(DossierAction.RequestSupplement, DossierDecider.Available(state, T0));

        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.RequestSupplement, "Thiếu giấy tờ"), T0.AddMinutes(10));
        state = DossierDeciderHarness.Do(state, ctx, DossierAction.ResubmitSupplement, T0.AddMinutes(20));

        Assert.Equal(DossierStatus.Received, state.Status);
        Assert.Contains(DossierAction.RequestSupplement, DossierTransitions.AllowedIn(state.Status));
        Assert.DoesNotContain(DossierAction.RequestSupplement, DossierDecider.Available(state, T0.AddMinutes(30)));
        Assert.Contains(DossierAction.RequirePayment, DossierDecider.Available(state, T0.AddMinutes(30)));
    }

    [Theory]
    [InlineData(90)]
    [InlineData(105)]
    [InlineData(150)]
    public void IssueApology_WhenNearlyLateOrLate_GivesANewScheduleAndKeepsTheLegalDeadline(int minutesAfterReception)
    {
        var ctx = FastTrack;
        var now = T0.AddMinutes(minutesAfterReception);
        var appointment = Wednesday1000;
        var state = DossierDeciderHarness.Tick(ReceivedAtT0(ctx), now);
        var legal = state.Sla!.Deadline;

        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.IssueApology, "Hồ sơ cần xác minh thêm", newAppointment: appointment), now);

        Assert.Equal(DossierStatus.Received, state.Status);
        Assert.Equal(now, state.ApologyIssuedAt);
        Assert.Equal(legal, state.Sla!.Deadline);
        var schedule = state.Schedule!;
        Assert.Equal(1, schedule.Generation);
        Assert.Equal(0, schedule.Fired);
        Assert.Equal(appointment, schedule.Deadline.DueAt);
        Assert.Equal(SlaPolicy.DeadlineBetween(ctx, now, appointment), schedule.Deadline);
        var step = state.History[^1];
        Assert.Equal((StepKind.Of(DossierAction.IssueApology), DossierDeciderHarness.Officer, now, "Hồ sơ cần xác minh thêm"), (step.Kind, step.Actor, step.At, step.Note));
    }

    [Fact]
    public void FireDeadlines_AfterApology_TargetsTheNewAppointment()
    {
        var ctx = FastTrack;
        var apologyAt = NearlyLate.AddMinutes(15);
        var appointment = Wednesday1000;
        var state = DossierDeciderHarness.Tick(ReceivedAtT0(ctx), NearlyLate);
        state = DossierDeciderHarness.Do(state, ctx, Command(DossierAction.IssueApology, "Xin lỗi", newAppointment: appointment), apologyAt);
        var schedule = state.Schedule!.Deadline;

        // The legal due time no longer drives the reminders.
        Assert.Empty(DossierDecider.FireDeadlines(state, Due));
        Assert.Empty(DossierDecider.FireDeadlines(state, schedule.NearlyLateAt.AddTicks(-1)));
        Assert.Equal(schedule.NearlyLateAt, state.NextDeadlineEventAt);

        var events = DossierDecider.FireDeadlines(state, appointment).Select(e => Assert.IsType<DeadlineReached>(e)).ToList();

        Assert.Equal([DeadlineEvent.NearlyLate, DeadlineEvent.Due], events.Select(e => e.Kind));
        Assert.All(events, e => Assert.Equal(1, e.Generation));
        Assert.Equal([schedule.NearlyLateAt, appointment], events.Select(e => e.At));
        Assert.DoesNotContain("xin lỗi", events[1].Note, StringComparison.OrdinalIgnoreCase);
        state = DossierDecider.Evolve(state, events);
        Assert.Equal([StepKind.Of(DeadlineEvent.NearlyLate, generation: 1), StepKind.Of(DeadlineEvent.Due, generation: 1)], state.History.TakeLast(2).Select(s => s.Kind));
        Assert.Empty(DossierDecider.FireDeadlines(state, appointment));
        Assert.Equal(schedule.OverdueAt, state.NextDeadlineEventAt);
    }

    [Fact]
    public void IssueApology_ASecondTime_IsARuleViolation()
    {
        var ctx = FastTrack;
        var state = DossierDeciderHarness.Do(ReceivedAtT0(ctx), ctx, Command(DossierAction.IssueApology, "Lần 1", newAppointment: Wednesday1000), NearlyLate.AddMinutes(5));

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            state, Command(DossierAction.IssueApology, "Lần 2", newAppointment: Wednesday1000.AddDays(1)), ctx, NearlyLate.AddMinutes(10)));
    }

    [Fact]
    public void IssueApology_WhenNotYetDue_IsARuleViolation()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);

        Assert.Equal(Bucket.NotYetDue, state.BucketAt(NearlyLate.AddMinutes(-1)));
        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            state, Command(DossierAction.IssueApology, "Quá sớm", newAppointment: Wednesday1000), ctx, NearlyLate.AddMinutes(-1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(-100)]
    public void IssueApology_WithAnAppointmentNotAfterTheDueTime_IsARuleViolation(int minutesAfterDue)
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            state, Command(DossierAction.IssueApology, "Hẹn lại", newAppointment: Due.AddMinutes(minutesAfterDue)), ctx, NearlyLate.AddMinutes(5)));
    }

    [Fact]
    public void IssueApology_WithAnAppointmentNotAfterNow_IsARuleViolation()
    {
        var ctx = FastTrack;
        var now = Due.AddMinutes(30);

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            ReceivedAtT0(ctx), Command(DossierAction.IssueApology, "Hẹn lại", newAppointment: now), ctx, now));
    }

    [Fact]
    public void IssueApology_WithAnAppointmentMoreThanAYearAway_IsARuleViolation()
    {
        var ctx = FastTrack;

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            ReceivedAtT0(ctx), Command(DossierAction.IssueApology, "Hẹn lại", newAppointment: DateTimeOffset.MaxValue), ctx, NearlyLate.AddMinutes(5)));
        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            ReceivedAtT0(ctx), Command(DossierAction.IssueApology, "Hẹn lại", newAppointment: Due.AddDays(DossierDecider.MaxAppointmentDelayDays + 1)), ctx, NearlyLate.AddMinutes(5)));
    }

    [Fact]
    public void IssueApology_WithoutAnAppointmentOrReason_IsARuleViolation()
    {
        var ctx = FastTrack;
        var state = ReceivedAtT0(ctx);
        var now = NearlyLate.AddMinutes(5);

        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(state, Command(DossierAction.IssueApology, "Hẹn lại"), ctx, now));
        Assert.Throws<RuleViolationException>(() => DossierDecider.Decide(
            state, Command(DossierAction.IssueApology, " ", newAppointment: Wednesday1000), ctx, now));
    }

    [Fact]
    public void BucketsAfter_AreTheBucketsTheRuleGivesAtTheNearlyLateAndDueInstants_StillAhead()
    {
        var deadline = new Deadline { NearlyLateAt = NearlyLate, DueAt = Due, OverdueAt = Due.AddHours(5) };

        Assert.Equal([(NearlyLate, Bucket.NearlyLate), (Due, Bucket.Late)], deadline.BucketsAfter(NearlyLate.AddMinutes(-1)));
        Assert.Equal([(Due, Bucket.Late)], deadline.BucketsAfter(NearlyLate));
        Assert.Empty(deadline.BucketsAfter(Due));
        Assert.All(deadline.BucketsAfter(NearlyLate.AddHours(-1)), change => Assert.Equal(deadline.BucketAt(change.At), change.Bucket));
    }

    [Fact]
    public void BucketAt_OnAPausedDossier_IsFrozenAtThePauseInstant()
    {
        var ctx = FastTrack;
        var muchLater = DossierDeciderHarness.At(2022, 9, 20, 9, 0);
        var running = InProcessingAtT0(ctx);
        var pausedEarly = DossierDeciderHarness.Do(running, ctx, DossierAction.RequestSupplement, T0.AddMinutes(30));
        var pausedNearlyLate = DossierDeciderHarness.Do(running, ctx, DossierAction.RequirePayment, NearlyLate.AddMinutes(10));

        Assert.Equal(Bucket.Late, running.BucketAt(muchLater));
        Assert.Equal(Bucket.NotYetDue, pausedEarly.BucketAt(muchLater));
        Assert.Equal(Bucket.NearlyLate, pausedNearlyLate.BucketAt(muchLater));
        Assert.False(pausedEarly.ApologyRequiredAt(muchLater));
    }

    [Fact]
    public void BucketAt_OutsideTheBoard_IsNull()
    {
        var ctx = FastTrack;
        var draft = DossierDeciderHarness.Open(ctx, T0, asDraft: true);
        var state = DossierDeciderHarness.Do(InProcessingAtT0(ctx), ctx, DossierAction.SubmitForSignature, T0.AddMinutes(20));
        var ready = DossierDeciderHarness.Do(state, ctx, DossierAction.ApproveResult, T0.AddMinutes(40));

        Assert.Null(draft.BucketAt(Due));
        Assert.Null(ready.BucketAt(Due));
    }
}
