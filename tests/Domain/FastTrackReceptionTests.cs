using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// Reception, clock start and due time of fast-track dossiers handed in at the counter, and what one gets when its
/// fast-track day cannot give it its time: after closing, on a day off, after the cut-off, too late in the day.
/// </summary>
public sealed class FastTrackReceptionTests
{
    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => DossierDeciderHarness.At(year, month, day, hour, minute);

    private static DossierContext FastTrack => DossierDeciderHarness.Context(OfficeLevel.District, fastTrack: true);

    private static DossierContext With(DossierContext context, LateFastTrackReception late, TimeOnly? cutOff = null) =>
        context with { Rules = context.Rules with { LateFastTrack = late, FastTrackCutOff = cutOff } };

    /// <summary>The district office with another week: 08:00–12:00 and 13:30–17:00, fast track on Tuesday and Thursday.</summary>
    private static DossierContext LongLunch()
    {
        var context = FastTrack;
        var week = new WorkingWeek(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            [WorkingSession.Parse("08:00-12:00"), WorkingSession.Parse("13:30-17:00")]);
        var calendar = new WorkingCalendar(context.Calendar.TimeZone, week, context.Calendar.Holidays);
        return context with { Office = context.Office with { Calendar = calendar, FastTrackDays = new HashSet<DayOfWeek> { DayOfWeek.Tuesday, DayOfWeek.Thursday } } };
    }

    [Fact]
    public void ReceivedTuesday1809_AfterClosing_GetsTheStandardTimeFromWednesdayMorning()
    {
        var receivedAt = At(2022, 9, 13, 18, 9);

        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, receivedAt);

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(FastTrackMiss.OutsideWorkingHours, sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 14, 8, 0), sla.ClockStartedAt);
        Assert.Equal(FastTrack.Procedure.ProcessingTime.DueFrom(FastTrack.Calendar, sla.ClockStartedAt), sla.Deadline.DueAt);
        Assert.True(sla.Deadline.DueAt > sla.ClockStartedAt);
        Assert.True(sla.ClockStartedAt > receivedAt);
    }

    [Fact]
    public void ReceivedTuesday1809_WithCarryOver_KeepsTwoWorkingHoursFromWednesdayMorning()
    {
        var sla = SlaPolicy.AtReception(With(FastTrack, LateFastTrackReception.CarryOver), Channel.Counter, At(2022, 9, 13, 18, 9));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(FastTrackMiss.OutsideWorkingHours, sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 14, 8, 0), sla.ClockStartedAt);
        Assert.Equal(At(2022, 9, 14, 10, 0), sla.Deadline.DueAt);
    }

    [Fact]
    public void ReceivedTuesday1000_IsDueAtNoon_TheEndOfTheMorningSession()
    {
        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2022, 9, 13, 10, 0));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Null(sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 13, 10, 0), sla.ClockStartedAt);
        Assert.Equal(At(2022, 9, 13, 12, 0), sla.Deadline.DueAt);
    }

    [Fact]
    public void ReceivedTuesday1130_CountsAcrossTheShippedLunch_1200To1300()
    {
        Assert.Equal(["08:00-12:00", "13:00-17:00"], FastTrack.Calendar.Week.Sessions.Select(s => s.ToString()));

        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2022, 9, 13, 11, 30));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(At(2022, 9, 13, 14, 30), sla.Deadline.DueAt);
    }

    [Fact]
    public void ReceivedTuesday1130_CountsAcrossALunch_1200To1330()
    {
        var sla = SlaPolicy.AtReception(LongLunch(), Channel.Counter, At(2022, 9, 13, 11, 30));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        // 30 minutes before lunch, 90 after it.
        Assert.Equal(At(2022, 9, 13, 15, 0), sla.Deadline.DueAt);
    }

    [Fact]
    public void ReceivedOnTheSecondFastTrackDay_GetsTheFastTrackTimeToo()
    {
        var sla = SlaPolicy.AtReception(LongLunch(), Channel.Counter, At(2022, 9, 15, 9, 0));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(At(2022, 9, 15, 11, 0), sla.Deadline.DueAt);
    }

    [Fact]
    public void ReceivedOnATuesdayDayOff_GetsTheStandardTimeFromTheNextWorkingDay()
    {
        // Tuesday 2 September 2025, National Day.
        Assert.False(FastTrack.Calendar.IsWorkingDay(new DateOnly(2025, 9, 2)));

        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2025, 9, 2, 10, 0));

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(FastTrackMiss.OutsideWorkingHours, sla.FastTrackMissed);
        Assert.Equal(At(2025, 9, 3, 8, 0), sla.ClockStartedAt);
        Assert.True(sla.Deadline.DueAt > sla.ClockStartedAt);
    }

    [Fact]
    public void ReceivedMondayEvening_IsNotHandedInOnTheFastTrackDay_ThoughItsClockStartsOnTuesday()
    {
        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2022, 9, 12, 18, 0));

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Null(sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 13, 8, 0), sla.ClockStartedAt);
    }

    [Fact]
    public void ReceivedTuesdayBeforeOpening_GetsTwoWorkingHoursFromOpening()
    {
        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2022, 9, 13, 7, 30));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(At(2022, 9, 13, 8, 0), sla.ClockStartedAt);
        Assert.Equal(At(2022, 9, 13, 10, 0), sla.Deadline.DueAt);
    }

    [Theory]
    [InlineData(15, 0, true)]
    [InlineData(15, 1, false)]
    public void TheLatestFastTrackReception_IsWhenTwoWorkingHoursStillEndAtClosing(int hour, int minute, bool fastTrack)
    {
        var sla = SlaPolicy.AtReception(FastTrack, Channel.Counter, At(2022, 9, 13, hour, minute));

        Assert.Equal(fastTrack ? SlaRule.FastTrack : SlaRule.Standard, sla.Rule);
        Assert.Equal(fastTrack ? null : FastTrackMiss.TooLateInTheDay, sla.FastTrackMissed);
        if (fastTrack)
        {
            Assert.Equal(At(2022, 9, 13, 17, 0), sla.Deadline.DueAt);
        }
    }

    [Theory]
    [InlineData(14, 0, true)]
    [InlineData(14, 1, false)]
    [InlineData(14, 59, false)]
    public void ACutOff_EndsTheFastTrackDayEarlier(int hour, int minute, bool fastTrack)
    {
        var context = With(FastTrack, LateFastTrackReception.Standard, new TimeOnly(14, 0));

        var sla = SlaPolicy.AtReception(context, Channel.Counter, At(2022, 9, 13, hour, minute));

        Assert.Equal(fastTrack ? SlaRule.FastTrack : SlaRule.Standard, sla.Rule);
        Assert.Equal(fastTrack ? null : FastTrackMiss.TooLateInTheDay, sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 13, hour, minute), sla.ClockStartedAt);
    }

    [Fact]
    public void ACutOffDuringLunch_IsCompared_WithTheClockStart()
    {
        var context = With(FastTrack, LateFastTrackReception.Standard, new TimeOnly(12, 30));

        // Handed in at 12:10, over lunch: the clock starts at 13:00, after the cut-off.
        var sla = SlaPolicy.AtReception(context, Channel.Counter, At(2022, 9, 13, 12, 10));

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(FastTrackMiss.TooLateInTheDay, sla.FastTrackMissed);
        Assert.Equal(At(2022, 9, 13, 13, 0), sla.ClockStartedAt);
    }

    [Fact]
    public void LatestFastTrackStart_FollowsTheSessionsAndTheCutOff()
    {
        var rules = FastTrack.Rules;
        var week = FastTrack.Calendar.Week.Sessions;
        IReadOnlyList<WorkingSession> saturday = [WorkingSession.Parse("08:00-11:30")];

        Assert.Equal(new TimeOnly(15, 0), SlaPolicy.LatestFastTrackStart(week, rules));
        Assert.Equal(new TimeOnly(9, 30), SlaPolicy.LatestFastTrackStart(saturday, rules));
        Assert.Equal(new TimeOnly(11, 0), SlaPolicy.LatestFastTrackStart(week, rules with { FastTrackWorkingMinutes = 300 }));
        Assert.Equal(new TimeOnly(14, 0), SlaPolicy.LatestFastTrackStart(week, rules with { FastTrackCutOff = new TimeOnly(14, 0) }));
        Assert.Equal(new TimeOnly(15, 0), SlaPolicy.LatestFastTrackStart(week, rules with { FastTrackCutOff = new TimeOnly(16, 0) }));
        Assert.Null(SlaPolicy.LatestFastTrackStart(week, rules with { FastTrackCutOff = new TimeOnly(7, 0) }));
        Assert.Null(SlaPolicy.LatestFastTrackStart(week, rules with { FastTrackWorkingMinutes = 481 }));
    }

    public static TheoryData<LateFastTrackReception> LateRules => [LateFastTrackReception.Standard, LateFastTrackReception.CarryOver];

    [Theory]
    [MemberData(nameof(LateRules))]
    public void AtAnyInstant_ReceptionClockStartAndDeadlinesComeInOrder(LateFastTrackReception late)
    {
        var context = With(FastTrack, late);
        // Every 7 minutes over a week that holds a weekend and, the week after, a Tuesday National Day (2 September 2025).
        for (var at = At(2025, 8, 25, 0, 3); at < At(2025, 9, 4, 0, 0); at = at.AddMinutes(7))
        {
            var sla = SlaPolicy.AtReception(context, Channel.Counter, at);

            Assert.True(sla.ClockStartedAt >= at, $"{at:O}: the clock starts before the reception");
            Assert.True(context.Calendar.IsWorkingInstant(sla.ClockStartedAt), $"{at:O}: the clock starts outside hours");
            Assert.True(sla.Deadline.NearlyLateAt > sla.ClockStartedAt, $"{at:O}: nearly late before the clock start");
            Assert.True(sla.Deadline.DueAt > sla.Deadline.NearlyLateAt, $"{at:O}: due before nearly late");
            Assert.True(sla.Deadline.OverdueAt > sla.Deadline.DueAt, $"{at:O}: overdue before due");
            if (sla is { Rule: SlaRule.FastTrack, FastTrackMissed: null })
            {
                Assert.Equal(context.Calendar.LocalDate(at), context.Calendar.LocalDate(sla.Deadline.DueAt));
                Assert.Equal(DayOfWeek.Tuesday, context.Calendar.LocalDate(at).DayOfWeek);
            }

            if (late == LateFastTrackReception.Standard)
            {
                Assert.False(sla is { Rule: SlaRule.FastTrack, FastTrackMissed: not null }, $"{at:O}: a late fast-track dossier kept its fast-track time");
            }
        }
    }
}

/// <summary>What the pages say about reception, clock start, appointment and result never contradicts itself.</summary>
public sealed class ReceptionTimesTests
{
    private static DossierContext FastTrack => DossierDeciderHarness.Context(OfficeLevel.District, fastTrack: true);

    private static DateTimeOffset At(int day, int hour, int minute) => DossierDeciderHarness.At(2022, 9, day, hour, minute);

    [Fact]
    public void ReceivedInHours_CountsFromTheReception()
    {
        var dossier = DossierDeciderHarness.Open(FastTrack, At(13, 9, 0));

        var times = ReceptionTimes.Of(dossier);

        Assert.Equal(At(13, 9, 0), times.ReceivedAt);
        Assert.Null(times.CountedFrom);
        Assert.Equal(At(13, 11, 0), times.AppointmentAt);
    }

    [Fact]
    public void ReceivedAfterClosing_CountsFromTheNextOpening_AndIsDueAfterIt()
    {
        var dossier = DossierDeciderHarness.Open(FastTrack, At(13, 18, 9));

        var times = ReceptionTimes.Of(dossier);

        Assert.Equal(At(13, 18, 9), times.ReceivedAt);
        Assert.Equal(At(14, 8, 0), times.CountedFrom);
        Assert.True(times.AppointmentAt > times.CountedFrom);
    }

    [Fact]
    public void AResultReadyTheSameEvening_IsNotShownBeforeAClockThatNeverRan()
    {
        var context = FastTrack;
        var dossier = DossierDeciderHarness.Open(context, At(13, 18, 9));
        dossier = DossierDeciderHarness.Do(dossier, context, DossierAction.Forward, At(13, 18, 15));
        dossier = DossierDeciderHarness.Do(dossier, context, DossierAction.SubmitForSignature, At(13, 18, 30));
        dossier = DossierDeciderHarness.Do(dossier, context, DossierAction.ApproveResult, At(13, 18, 40));

        var times = ReceptionTimes.Of(dossier);

        Assert.Equal(At(13, 18, 40), times.CompletedAt);
        Assert.True(times.CompletedAt >= times.ReceivedAt);
        Assert.Null(times.CountedFrom);
    }

    [Fact]
    public void ADraft_HasNoTimesYet()
    {
        var times = ReceptionTimes.Of(DossierDeciderHarness.Open(FastTrack, At(13, 9, 0), asDraft: true));

        Assert.Equal(new ReceptionTimes(null, null, null, null), times);
    }
}
