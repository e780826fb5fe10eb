using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// A dossier's deadline counted again under a changed holiday calendar (<see cref="DeadlineRevision"/>): nothing moves
/// under the same calendar, whatever the dossier went through; a day off or a make-up day inside the window moves it by
/// that day; a promised appointment stays; fired events stay fired.
/// </summary>
public sealed class DeadlineRevisionTests
{
    private const string Reason = "Bổ sung ngày nghỉ theo thông báo mới";

    // Tuesday 13 September 2022, 09:00.
    private static readonly DateTimeOffset T0 = DossierDeciderHarness.Tuesday0900;

    private static DossierContext FastTrack => DossierDeciderHarness.Context();

    // A commune procedure of 3 working days: received Tuesday 13 September 09:00, due Friday 16 September 17:00.
    private static DossierContext ThreeDays(SupplementPolicy policy = SupplementPolicy.ShiftDueTime)
    {
        var context = DossierDeciderHarness.Context(fastTrack: false);
        return DossierDeciderHarness.WithPolicy(
            context with { Procedure = context.Procedure with { ProcessingTime = new ProcessingTime(3, null) } }, policy);
    }

    private static DateTimeOffset At(int day, int hour, int minute = 0) => DossierDeciderHarness.At(2022, 9, day, hour, minute);

    private static DateOnly Day(int day) => new(2022, 9, day);

    // The context with the holiday calendar changed: days off added or removed, make-up days added.
    private static DossierContext Changed(DossierContext context, DateOnly[]? daysOff = null, DateOnly[]? makeUpDays = null, DateOnly[]? noLongerOff = null)
    {
        var schedule = context.Calendar.Holidays.ToSchedule();
        return context.WithHolidays((schedule with
        {
            DaysOff = [.. schedule.DaysOff.Where(d => noLongerOff?.Contains(d.Date) != true), .. (daysOff ?? []).Select(d => new NamedDay(d, "Ngày nghỉ mới"))],
            MakeUpDays = [.. schedule.MakeUpDays, .. (makeUpDays ?? []).Select(d => new NamedDay(d, "Ngày làm bù mới"))],
        }).ToCalendar());
    }

    private static DossierState Revised(DossierState state, DeadlineRevised revised) => DossierDecider.Apply(state, revised);

    private static DossierState Do(DossierState state, DossierContext context, DossierAction action, DateTimeOffset at) =>
        DossierDeciderHarness.Do(state, context, action, at);

    // Dossiers of many shapes, each with the context it lives in and a moment after its last step.
    public static TheoryData<string> Shapes() => new(ShapesByName.Keys);

    private static readonly Dictionary<string, Func<(DossierState State, DossierContext Context, DateTimeOffset Now)>> ShapesByName = new()
    {
        ["fresh fast-track"] = () => (DossierDeciderHarness.Open(FastTrack, T0), FastTrack, T0.AddMinutes(5)),
        ["fresh standard"] = () => (DossierDeciderHarness.Open(ThreeDays(), T0), ThreeDays(), At(14, 9)),
        ["received after hours"] = () => (DossierDeciderHarness.Open(ThreeDays(), At(13, 18)), ThreeDays(), At(14, 9)),
        ["fast-track after a supplement round"] = () =>
        {
            var ctx = FastTrack;
            var state = Do(Do(DossierDeciderHarness.Open(ctx, T0), ctx, DossierAction.RequestSupplement, T0.AddMinutes(30)), ctx, DossierAction.ResubmitSupplement, At(14, 10));
            return (state, ctx, At(14, 10, 5));
        },
        ["standard after a payment and a supplement round"] = () =>
        {
            var ctx = ThreeDays();
            var state = DossierDeciderHarness.Open(ctx, T0);
            state = Do(Do(state, ctx, DossierAction.RequirePayment, At(13, 11)), ctx, DossierAction.ConfirmPayment, At(14, 15));
            state = Do(Do(state, ctx, DossierAction.RequestSupplement, At(15, 9)), ctx, DossierAction.ResubmitSupplement, At(19, 10, 30));
            return (state, ctx, At(19, 11));
        },
        ["standard after a restart"] = () =>
        {
            var ctx = ThreeDays(SupplementPolicy.RestartClock);
            var state = DossierDeciderHarness.Open(ctx, T0);
            state = Do(Do(state, ctx, DossierAction.RequirePayment, At(13, 10)), ctx, DossierAction.ConfirmPayment, At(13, 14));
            state = Do(Do(state, ctx, DossierAction.RequestSupplement, At(14, 9)), ctx, DossierAction.ResubmitSupplement, At(15, 16, 30));
            state = Do(Do(state, ctx, DossierAction.RequirePayment, At(16, 9)), ctx, DossierAction.ConfirmPayment, At(19, 9));
            return (state, ctx, At(19, 10));
        },
        ["fast-track after a restart"] = () =>
        {
            var ctx = DossierDeciderHarness.WithPolicy(FastTrack, SupplementPolicy.RestartClock);
            var state = Do(Do(DossierDeciderHarness.Open(ctx, T0), ctx, DossierAction.RequestSupplement, T0.AddMinutes(20)), ctx, DossierAction.ResubmitSupplement, At(13, 16, 30));
            return (state, ctx, At(13, 16, 40));
        },
        ["paused now"] = () =>
        {
            var ctx = ThreeDays();
            return (Do(DossierDeciderHarness.Open(ctx, T0), ctx, DossierAction.RequestSupplement, At(13, 10)), ctx, At(15, 9));
        },
        ["late, paused after its due time and answered"] = () =>
        {
            var ctx = FastTrack;
            var state = DossierDeciderHarness.Tick(DossierDeciderHarness.Open(ctx, T0), At(13, 11, 30));
            state = Do(Do(state, ctx, DossierAction.RequirePayment, At(13, 11, 30)), ctx, DossierAction.ConfirmPayment, At(14, 9));
            return (state, ctx, At(14, 9, 5));
        },
        ["after an apology"] = () =>
        {
            var ctx = ThreeDays();
            var state = DossierDeciderHarness.Tick(DossierDeciderHarness.Open(ctx, T0), At(16, 9));
            return (Do(state, ctx, DossierAction.IssueApology, At(16, 9)), ctx, At(16, 10));
        },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void UnchangedCalendar_RevisesNothing(string shape)
    {
        var (state, context, now) = ShapesByName[shape]();
        var sameAgain = context.WithHolidays(context.Calendar.Holidays.ToSchedule().ToCalendar());

        Assert.True(state.Status.IsOpen());
        Assert.Null(DeadlineRevision.Preview(state, context, now));
        Assert.Null(DeadlineRevision.Revise(state, context, now, Reason, "qtv.gialam"));
        Assert.Null(DeadlineRevision.Preview(state, sameAgain, now));
    }

    [Fact]
    public void DayOffInsideTheWindow_MovesTheDueTimeByOneWorkingDay()
    {
        var before = ThreeDays();
        var state = DossierDeciderHarness.Open(before, T0);
        var after = Changed(before, daysOff: [Day(15)]);

        var revised = Assert.IsType<DeadlineRevised>(DeadlineRevision.Revise(state, after, At(14, 9), Reason, "qtv.gialam"));

        var oldDue = state.Sla!.Deadline.DueAt;
        Assert.Equal(At(16, 17), oldDue);
        Assert.Equal(after.Calendar.Week.DayLength, after.Calendar.Between(oldDue, revised.ToDue));
        Assert.Equal(after.Calendar.AddWorkingDays(T0, 3), revised.ToDue);
        Assert.Equal(At(19, 17), revised.ToDue);
        Assert.Equal(SlaPolicy.DeadlineBetween(after, T0, revised.ToDue), revised.Sla.Deadline);
        Assert.Equal(revised.Sla.Deadline, revised.Schedule.Deadline);
        Assert.Equal(state.Sla with { Deadline = revised.Sla.Deadline }, revised.Sla);
        Assert.Equal(new DeadlineShift(state.Code, state.OfficeCode, state.ProcedureCode, oldDue, At(19, 17), TurnsLate: false, Promised: false), revised.Shift);
        Assert.Equal(revised.Shift, DeadlineRevision.Preview(state, after, At(14, 9)));
    }

    [Fact]
    public void DayOffAfterTheOverduePoint_MovesNothing()
    {
        var before = ThreeDays();
        var state = DossierDeciderHarness.Open(before, T0);
        Assert.True(state.Sla!.Deadline.OverdueAt < At(22, 8));

        Assert.Null(DeadlineRevision.Preview(state, Changed(before, daysOff: [Day(22)]), At(14, 9)));
    }

    [Fact]
    public void MakeUpDayInsideTheWindow_MovesTheDueTimeEarlier()
    {
        // Received Thursday 15 September 09:00: due Tuesday 20 September 17:00; with Saturday 17 worked, Monday 19.
        var before = ThreeDays();
        var state = DossierDeciderHarness.Open(before, At(15, 9));
        var after = Changed(before, makeUpDays: [Day(17)]);

        var shift = Assert.IsType<DeadlineShift>(DeadlineRevision.Preview(state, after, At(15, 10)));

        Assert.Equal(At(20, 17), shift.FromDue);
        Assert.Equal(At(19, 17), shift.ToDue);
        Assert.Equal(after.Calendar.Week.DayLength, after.Calendar.Between(shift.ToDue, shift.FromDue));
    }

    [Fact]
    public void FastTrack_DayOffAfterItsDueDay_MovesOnlyTheOverduePoint()
    {
        // 120 working minutes from Tuesday 14:30: due 16:30, overdue 240 working minutes later, Wednesday 11:30.
        var before = FastTrack;
        var state = DossierDeciderHarness.Open(before, At(13, 14, 30));
        Assert.Equal(SlaRule.FastTrack, state.Sla!.Rule);
        Assert.Equal(At(14, 11, 30), state.Sla.Deadline.OverdueAt);
        var after = Changed(before, daysOff: [Day(14)]);

        var revised = Assert.IsType<DeadlineRevised>(DeadlineRevision.Revise(state, after, At(13, 15), Reason, "qtv.gialam"));

        Assert.Equal((At(13, 16, 30), At(13, 16, 30)), (revised.FromDue, revised.ToDue));
        Assert.Equal(state.Sla.Deadline.NearlyLateAt, revised.Sla.Deadline.NearlyLateAt);
        Assert.Equal(At(15, 11, 30), revised.Sla.Deadline.OverdueAt);
        Assert.Equal("120 working minutes", revised.Sla.Allotted);
        Assert.Equal(
            $"Hạn trả kết quả giữ nguyên 16:30 ngày 13/09/2022, các mốc sắp đến hạn và quá hạn được tính lại: {Reason}",
            revised.Note);
    }

    [Fact]
    public void FastTrack_AfterAnAnsweredPause_KeepsTheTimeItHadLeftAtThePause_CountedUnderTheNewCalendar()
    {
        // Paused Tuesday 10:00 with 60 of its 120 minutes left, answered Thursday 09:00: due Thursday 10:00.
        var before = FastTrack;
        var state = Do(DossierDeciderHarness.Open(before, T0), before, DossierAction.RequestSupplement, At(13, 10));
        state = Do(state, before, DossierAction.ResubmitSupplement, At(15, 9));
        Assert.Equal(At(15, 10), state.Sla!.Deadline.DueAt);

        // A day off inside the pause: the citizen waited a day less and the deadline skips that day, so nothing moves.
        Assert.Null(DeadlineRevision.Preview(state, Changed(before, daysOff: [Day(14)]), At(15, 9, 5)));

        // The day of the answer becomes a day off: the 60 minutes left run from the next working day.
        var after = Changed(before, daysOff: [Day(15)]);
        var shift = Assert.IsType<DeadlineShift>(DeadlineRevision.Preview(state, after, At(15, 9, 5)));
        Assert.Equal(TimeSpan.FromMinutes(60), after.Calendar.Between(At(15, 9), shift.ToDue));
        Assert.Equal(At(16, 9), shift.ToDue);
        Assert.False(shift.TurnsLate);
        Assert.False(shift.Promised);
    }

    [Fact]
    public void PausedDossier_IsRevised_AndTheResumeShiftsItFurtherAsIfTheCalendarHadAlwaysBeen()
    {
        var before = ThreeDays();
        var paused = Do(DossierDeciderHarness.Open(before, T0), before, DossierAction.RequestSupplement, At(13, 10));
        var after = Changed(before, daysOff: [Day(15)]);

        var revised = Assert.IsType<DeadlineRevised>(DeadlineRevision.Revise(paused, after, At(14, 9), Reason, "qtv.gialam"));
        var state = Revised(paused, revised);

        Assert.Equal(At(19, 17), state.Sla!.Deadline.DueAt);
        Assert.Equal(paused.Pause, state.Pause);
        Assert.Equal(DossierStatus.SupplementRequested, state.Status);
        Assert.Null(state.NextDeadlineEventAt);

        var resumed = Do(state, after, DossierAction.ResubmitSupplement, At(19, 9));
        var always = Do(Do(DossierDeciderHarness.Open(after, T0), after, DossierAction.RequestSupplement, At(13, 10)), after, DossierAction.ResubmitSupplement, At(19, 9));
        Assert.Equal(always.Sla, resumed.Sla);
        Assert.Equal(always.Schedule, resumed.Schedule);
        Assert.Equal(after.Calendar.Add(At(19, 17), after.Calendar.Between(At(13, 10), At(19, 9))), resumed.Sla!.Deadline.DueAt);
    }

    [Fact]
    public void AfterAnApology_TheNewAppointmentStays_AndOnlyTheLegalDeadlineMoves()
    {
        var before = ThreeDays();
        var state = DossierDeciderHarness.Tick(DossierDeciderHarness.Open(before, T0), At(16, 9));
        state = Do(state, before, DossierAction.IssueApology, At(16, 9));
        var promised = state.Schedule!;
        Assert.Equal(1, promised.Generation);
        var after = Changed(before, daysOff: [Day(16)]);

        var revised = Assert.IsType<DeadlineRevised>(DeadlineRevision.Revise(state, after, At(16, 10), Reason, "qtv.gialam"));
        var next = Revised(state, revised);

        Assert.True(revised.Shift.Promised);
        Assert.Equal(promised, next.Schedule);
        Assert.Equal(At(19, 17), next.Sla!.Deadline.DueAt);
        Assert.Equal(promised.Deadline.At(promised.Next!.Value), next.NextDeadlineEventAt);
        var appointment = VietnameseWordsOf(promised.Deadline.DueAt);
        Assert.Equal(
            $"Hạn trả kết quả chuyển từ 17:00 ngày 16/09/2022 sang 17:00 ngày 19/09/2022: {Reason}. Lịch hẹn trả kết quả mới với công dân ({appointment}) giữ nguyên.",
            revised.Note);
    }

    [Fact]
    public void RevisedDueAlreadyPast_TurnsLate_AndTheDueEventFiresAtOnce()
    {
        // Thursday 15 was a day off, so the dossier was due Monday 19 17:00; the day off is withdrawn on Monday 09:00.
        var before = Changed(ThreeDays(), daysOff: [Day(15)]);
        var state = DossierDeciderHarness.Tick(DossierDeciderHarness.Open(before, T0), At(19, 9));
        Assert.Equal(Bucket.NearlyLate, state.BucketAt(At(19, 9)));
        Assert.Equal(1, state.Schedule!.Fired);
        var after = Changed(before, noLongerOff: [Day(15)]);

        var revised = Assert.IsType<DeadlineRevised>(DeadlineRevision.Revise(state, after, At(19, 9), Reason, "qtv.gialam"));
        var next = Revised(state, revised);

        Assert.True(revised.Shift.TurnsLate);
        Assert.Equal((At(19, 17), At(16, 17)), (revised.FromDue, revised.ToDue));
        Assert.Equal(Bucket.Late, next.BucketAt(At(19, 9)));
        Assert.Equal(At(16, 17), next.NextDeadlineEventAt);
        var fired = Assert.Single(DossierDecider.FireDeadlines(next, At(19, 9)));
        Assert.Equal(DeadlineEvent.Due, Assert.IsType<DeadlineReached>(fired).Kind);
    }

    [Fact]
    public void EventsAlreadyFired_StayFired_AndTheNextIsTheFirstNotFiredAtItsNewInstant()
    {
        var before = ThreeDays();
        var state = DossierDeciderHarness.Tick(DossierDeciderHarness.Open(before, T0), At(16, 9));
        Assert.Equal(1, state.Schedule!.Fired);
        var after = Changed(before, daysOff: [Day(15)]);

        var next = Revised(state, DeadlineRevision.Revise(state, after, At(16, 9, 30), Reason, "qtv.gialam")!);

        Assert.Equal(1, next.Schedule!.Fired);
        Assert.True(next.Schedule.Deadline.NearlyLateAt > At(16, 9, 30));
        Assert.Equal(At(19, 17), next.NextDeadlineEventAt);
        Assert.Empty(DossierDecider.FireDeadlines(next, next.Schedule.Deadline.NearlyLateAt));
    }

    [Fact]
    public void FinishedOrNotReceived_IsNotRevised()
    {
        var before = ThreeDays();
        var after = Changed(before, daysOff: [Day(15)]);
        var received = DossierDeciderHarness.Open(before, T0);
        var ready = Do(Do(Do(received, before, DossierAction.Forward, At(13, 10)), before, DossierAction.SubmitForSignature, At(13, 11)), before, DossierAction.ApproveResult, At(13, 12));
        var draft = DossierDeciderHarness.Open(before, T0, asDraft: true);

        Assert.NotNull(DeadlineRevision.Preview(received, after, At(13, 9, 30)));
        Assert.Null(DeadlineRevision.Preview(ready, after, At(13, 13)));
        Assert.Null(DeadlineRevision.Preview(draft, after, At(13, 13)));
        Assert.Null(DeadlineRevision.Preview(DossierState.Empty, after, At(13, 13)));
    }

    [Fact]
    public void Revise_RecordsARevisionStep_WithItsNoteInVietnamese()
    {
        var before = ThreeDays();
        var state = Do(DossierDeciderHarness.Open(before, T0), before, DossierAction.Forward, At(13, 10));
        var after = Changed(before, daysOff: [Day(15)]);
        var audit = new AuditContext("Administrator", "018", "10.0.0.7");

        var revised = DeadlineRevision.Revise(state, after, At(14, 9), Reason, "qtv.gialam")! with { Audit = audit, IdempotencyKey = "k-1" };
        var next = Revised(state, revised);

        var step = next.History[^1];
        Assert.Equal(StepKind.Revised, step.Kind);
        Assert.Equal((DossierStatus.InProcessing, DossierStatus.InProcessing), (step.From, step.To));
        Assert.Equal(("qtv.gialam", At(14, 9), audit, "k-1"), (step.Actor, step.At, step.Audit, step.IdempotencyKey));
        Assert.Equal($"Hạn trả kết quả chuyển từ 17:00 ngày 16/09/2022 sang 17:00 ngày 19/09/2022: {Reason}", step.Note);
        Assert.Null(step.Timeliness);
        Assert.Equal("Điều chỉnh hạn giải quyết theo lịch làm việc mới", StepNames.Vietnamese(step.Kind));
        Assert.Equal((state.Status, state.Holder, state.WaitingTime), (next.Status, next.Holder, next.WaitingTime));
    }

    [Theory]
    [InlineData(" ", "qtv.gialam")]
    [InlineData(Reason, "")]
    public void Revise_WithoutAReasonOrAnActor_IsARuleViolation(string reason, string actor)
    {
        var state = DossierDeciderHarness.Open(ThreeDays(), T0);

        Assert.Throws<RuleViolationException>(() => DeadlineRevision.Revise(state, Changed(ThreeDays(), daysOff: [Day(15)]), At(14, 9), reason, actor));
    }

    [Fact]
    public void Projection_ChangesTheRowsDueTimes_NotifiesTheBoards_AndOwesThePortalNothing()
    {
        var before = ThreeDays();
        var draft = DossierDeciderHarness.Open(before, T0, asDraft: true, channel: Channel.NationalPortal);
        var state = Do(draft, before, DossierAction.Receive, T0);
        var events = new[] { DeadlineRevision.Revise(state, Changed(before, daysOff: [Day(15)]), At(14, 9), Reason, "qtv.gialam")! };
        var next = DossierDecider.Evolve(state, events);

        var write = DossierProjection.Project(state, events, next);

        Assert.Equal(next.Sla!.Deadline, write.Row.Deadline);
        Assert.Equal(At(19, 17), write.Row.DueAt);
        Assert.True(write.NotifyBoard);
        Assert.Empty(write.PortalUpdates);
    }

    [Fact]
    public void RevisedState_RoundTripsThroughTheStoreAndOrleans_WithTheStepNamedRevise()
    {
        var before = ThreeDays();
        var state = DossierDeciderHarness.Open(before, T0);
        var next = Revised(state, DeadlineRevision.Revise(state, Changed(before, daysOff: [Day(15)]), At(14, 9), Reason, "qtv.gialam")!);

        var stored = JsonStateSerializer.Instance.Serialize(next).ToString();
        Assert.Contains("\"Kind\":\"Revise\"", stored, StringComparison.Ordinal);
        var back = JsonStateSerializer.Instance.Deserialize<DossierState>(BinaryData.FromString(stored));
        Assert.Equal(next.History, back.History);
        Assert.Equal((next.Sla, next.Schedule), (back.Sla, back.Schedule));

        using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(DeadlineShift).Assembly)).BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var shift = DeadlineRevision.Preview(state, Changed(before, daysOff: [Day(15)]), At(14, 9))!;
        Assert.Equal(shift, serializer.Deserialize<DeadlineShift>(serializer.SerializeToArray(shift)));
        var schedule = before.Calendar.Holidays.ToSchedule();
        Assert.Equal(schedule, serializer.Deserialize<HolidaySchedule>(serializer.SerializeToArray(schedule)));
    }

    [Fact]
    public void HolidaySchedule_ListsTheDaysInDateOrder_AndGivesTheSameCalendarBack()
    {
        var holidays = new HolidayCalendar(
            new Dictionary<DateOnly, string> { [Day(5)] = "B", [Day(2)] = "Quốc khánh" },
            new Dictionary<DateOnly, string> { [Day(10)] = "Làm bù" });

        var schedule = holidays.ToSchedule();
        var back = schedule.ToCalendar();

        Assert.Equal<NamedDay>([new NamedDay(Day(2), "Quốc khánh"), new NamedDay(Day(5), "B")], schedule.DaysOff);
        Assert.Equal<NamedDay>([new NamedDay(Day(10), "Làm bù")], schedule.MakeUpDays);
        Assert.Equal(schedule, back.ToSchedule());
        Assert.Equal(holidays.DaysOff, back.DaysOff);
        Assert.Equal(holidays.MakeUpDays, back.MakeUpDays);
        Assert.Throws<ArgumentException>(() => (schedule with { MakeUpDays = [new NamedDay(Day(2), "Làm bù")] }).ToCalendar());
        Assert.Throws<ArgumentException>(() => (schedule with { DaysOff = [.. schedule.DaysOff, new NamedDay(Day(2), "Lần nữa")] }).ToCalendar());
    }

    private static string VietnameseWordsOf(DateTimeOffset instant) =>
        CaseEngine.Domain.Wording.VietnameseWords.DateTime(ThreeDays().Calendar.ToLocal(instant));
}
