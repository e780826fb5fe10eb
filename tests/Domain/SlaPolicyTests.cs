using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Tests.Domain;

public class SlaPolicyTests
{
    private static readonly DateTimeOffset Tuesday1130 = DossierDeciderHarness.At(2022, 9, 13, 11, 30);
    private static readonly DateTimeOffset Wednesday1130 = DossierDeciderHarness.At(2022, 9, 14, 11, 30);

    private static DossierContext Context(OfficeLevel level, bool fastTrack) => DossierDeciderHarness.Context(level, fastTrack);

    private static DossierContext CarryOver(DossierContext context) =>
        context with { Rules = context.Rules with { LateFastTrack = LateFastTrackReception.CarryOver } };

    [Theory]
    [InlineData(OfficeLevel.District)]
    [InlineData(OfficeLevel.Commune)]
    public void AtReception_FastTrackProcedureAtTheCounterOnTuesday_GetsTwoWorkingHours(OfficeLevel level)
    {
        var ctx = Context(level, fastTrack: true);
        Assert.Equal(120, ctx.Rules.FastTrackWorkingMinutes);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal("120 working minutes", sla.Allotted);
        Assert.Equal(Tuesday1130, sla.ClockStartedAt);
        // 30 minutes before lunch, 90 after.
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 13, 14, 30), sla.Deadline.DueAt);
    }

    [Fact]
    public void AtReception_FastTrackAtTuesday1630_GetsTheStandardTime_ItsTwoHoursDoNotFitTheDay()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);
        var receivedAt = DossierDeciderHarness.At(2022, 9, 13, 16, 30);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, receivedAt);

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(FastTrackMiss.TooLateInTheDay, sla.FastTrackMissed);
        Assert.Equal(receivedAt, sla.ClockStartedAt);
        Assert.Equal(ctx.Procedure.ProcessingTime.DueFrom(ctx.Calendar, receivedAt), sla.Deadline.DueAt);
    }

    [Fact]
    public void AtReception_FastTrackAtTuesday1630_WithCarryOver_IsDueWednesday0930()
    {
        var ctx = CarryOver(Context(OfficeLevel.Commune, fastTrack: true));

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, DossierDeciderHarness.At(2022, 9, 13, 16, 30));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(FastTrackMiss.TooLateInTheDay, sla.FastTrackMissed);
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 14, 9, 30), sla.Deadline.DueAt);
    }

    [Fact]
    public void AtReception_SameProcedureOnWednesday_GetsTheProceduresStandardTime()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Wednesday1130);

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(ctx.Procedure.ProcessingTime.DueFrom(ctx.Calendar, Wednesday1130), sla.Deadline.DueAt);
        Assert.Equal(ctx.Procedure.ProcessingTime.ToString(), sla.Allotted);
        Assert.NotEqual(ctx.Calendar.AddWorkingMinutes(Wednesday1130, ctx.Rules.FastTrackWorkingMinutes), sla.Deadline.DueAt);
    }

    [Theory]
    [InlineData(OfficeLevel.District)]
    [InlineData(OfficeLevel.Commune)]
    public void AtReception_ProcedureNotOnTheFastTrackList_GetsItsStandardTimeEvenOnTuesday(OfficeLevel level)
    {
        var ctx = Context(level, fastTrack: false);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(ctx.Procedure.ProcessingTime.DueFrom(ctx.Calendar, Tuesday1130), sla.Deadline.DueAt);
    }

    [Theory]
    [InlineData(Channel.NationalPortal)]
    [InlineData(Channel.CityPortal)]
    public void AtReception_OnlineDossierOnTuesday_GetsTheStandardTime(Channel channel)
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);

        var sla = SlaPolicy.AtReception(ctx, channel, Tuesday1130);

        Assert.Equal(SlaRule.Standard, sla.Rule);
        Assert.Equal(ctx.Procedure.ProcessingTime.DueFrom(ctx.Calendar, Tuesday1130), sla.Deadline.DueAt);
    }

    [Fact]
    public void AtReception_NearlyLateAt_IsAtThreeQuartersOfTheWorkingWindow()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);
        Assert.Equal(0.75, ctx.Rules.NearlyLateFraction);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        Assert.Equal(DossierDeciderHarness.At(2022, 9, 13, 14, 0), sla.Deadline.NearlyLateAt);
        Assert.Equal(TimeSpan.FromMinutes(90), ctx.Calendar.Between(sla.ClockStartedAt, sla.Deadline.NearlyLateAt));
    }

    [Fact]
    public void AtReception_StandardTime_NearlyLateAtIsTheSameShareOfTheWindow()
    {
        var ctx = Context(OfficeLevel.District, fastTrack: false);
        var calendar = ctx.Calendar;

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        var window = calendar.Between(sla.ClockStartedAt, sla.Deadline.DueAt);
        Assert.Equal(window * ctx.Rules.NearlyLateFraction, calendar.Between(sla.ClockStartedAt, sla.Deadline.NearlyLateAt));
        Assert.True(sla.Deadline.NearlyLateAt < sla.Deadline.DueAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AtReception_OverdueAt_IsTheEscalationWorkingTimeAfterDue(bool fastTrack)
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        Assert.Equal(ctx.Calendar.AddWorkingMinutes(sla.Deadline.DueAt, ctx.Rules.OverdueEscalationWorkingMinutes), sla.Deadline.OverdueAt);
        Assert.Equal(
            TimeSpan.FromMinutes(ctx.Rules.OverdueEscalationWorkingMinutes),
            ctx.Calendar.Between(sla.Deadline.DueAt, sla.Deadline.OverdueAt));
    }

    [Fact]
    public void AtReception_FastTrackOverdueAt_FallsOnTheNextMorning()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);
        Assert.Equal(240, ctx.Rules.OverdueEscalationWorkingMinutes);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        // 14:30 + 150 minutes to 17:00, then 90 minutes on Wednesday morning.
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 14, 9, 30), sla.Deadline.OverdueAt);
    }

    public static TheoryData<DateTimeOffset, DateTimeOffset> OutsideHours => new()
    {
        // Tuesday before opening, at lunch, after closing.
        { DossierDeciderHarness.At(2022, 9, 13, 7, 0), DossierDeciderHarness.At(2022, 9, 13, 8, 0) },
        { DossierDeciderHarness.At(2022, 9, 13, 12, 15), DossierDeciderHarness.At(2022, 9, 13, 13, 0) },
        { DossierDeciderHarness.At(2022, 9, 13, 17, 30), DossierDeciderHarness.At(2022, 9, 14, 8, 0) },
        // Saturday → Monday.
        { DossierDeciderHarness.At(2022, 9, 10, 10, 0), DossierDeciderHarness.At(2022, 9, 12, 8, 0) },
        // Wednesday evening before the National Day break (1–4 September 2022) → Monday 5 September.
        { DossierDeciderHarness.At(2022, 8, 31, 17, 30), DossierDeciderHarness.At(2022, 9, 5, 8, 0) },
    };

    [Theory]
    [MemberData(nameof(OutsideHours))]
    public void AtReception_OutsideHours_StartsTheClockAtTheNextWorkingInstant(DateTimeOffset receivedAt, DateTimeOffset clockStart)
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: false);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, receivedAt);

        Assert.Equal(clockStart, sla.ClockStartedAt);
        Assert.Equal(ctx.Calendar.NextWorkingInstant(receivedAt), sla.ClockStartedAt);
        Assert.True(sla.Deadline.NearlyLateAt > sla.ClockStartedAt);
    }

    [Fact]
    public void AtReception_FastTrackAtLunch_CountsFromTheAfternoonSession()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);

        var sla = SlaPolicy.AtReception(ctx, Channel.Counter, DossierDeciderHarness.At(2022, 9, 13, 12, 15));

        Assert.Equal(SlaRule.FastTrack, sla.Rule);
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 13, 13, 0), sla.ClockStartedAt);
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 13, 15, 0), sla.Deadline.DueAt);
        Assert.Equal(DossierDeciderHarness.At(2022, 9, 13, 14, 30), sla.Deadline.NearlyLateAt);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AtReception_RecordsTheRuleSetVersion(bool fastTrack)
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack);
        var renamed = ctx with { Rules = ctx.Rules with { Version = "TEST-2025.1" } };

        Assert.Equal(DossierDeciderHarness.Data.RuleSet.Version, SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130).RuleSetVersion);
        Assert.Equal("TEST-2025.1", SlaPolicy.AtReception(renamed, Channel.Counter, Tuesday1130).RuleSetVersion);
    }

    [Fact]
    public void Restart_KeepsTheRuleAndGivesTheFullTimeFromTheRestart()
    {
        var ctx = Context(OfficeLevel.Commune, fastTrack: true);
        var first = SlaPolicy.AtReception(ctx, Channel.Counter, Tuesday1130);

        var restarted = SlaPolicy.Restart(first, ctx, Wednesday1130);

        Assert.Equal(SlaRule.FastTrack, restarted.Rule);
        Assert.Equal(Wednesday1130, restarted.ClockStartedAt);
        Assert.Equal(ctx.Calendar.AddWorkingMinutes(Wednesday1130, ctx.Rules.FastTrackWorkingMinutes), restarted.Deadline.DueAt);
        Assert.Equal(first.RuleSetVersion, restarted.RuleSetVersion);
    }
}
