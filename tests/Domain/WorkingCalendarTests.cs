using System.Globalization;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// Table tests of working time. Expected values are worked out by hand from docs/domain.md §4: sessions
/// 08:00–12:00 and 13:00–17:00 Monday–Friday (office 018), plus Saturday 08:00–11:30 at office 00565,
/// the shipped days off and make-up Saturdays, and the working-day rule in <see cref="WorkingCalendar"/>.
/// </summary>
public sealed class WorkingCalendarTests
{
    private const string District = "018";
    private const string SaturdayOffice = "00565";

    // Hand-built calendars (see CalendarFor).
    private const string Swapped = "swapped";
    private const string NoHolidays = "none";
    private const string ShortFriday = "shortFriday";

    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private static readonly ReferenceData Shipped = ReferenceDataFolder.Load(ReferenceDataFolder.Shipped);

    // Wednesday 2024-03-13 is a day off; Saturday 2024-03-16 is worked instead.
    private static readonly WorkingCalendar SwappedCalendar = new(
        Hanoi,
        WorkingWeek.Default,
        new HolidayCalendar(
            new Dictionary<DateOnly, string> { [new DateOnly(2024, 3, 13)] = "Swapped day off" },
            new Dictionary<DateOnly, string> { [new DateOnly(2024, 3, 16)] = "Make-up Saturday" }));

    private static readonly WorkingCalendar NoHolidaysCalendar = new(Hanoi, WorkingWeek.Default, HolidayCalendar.None);

    // Monday–Thursday full days, Friday mornings only.
    private static readonly WorkingCalendar ShortFridayCalendar = new(
        Hanoi,
        new WorkingWeek(
            WorkingWeek.Default.WorkingDays,
            [Session("08:00-12:00"), Session("13:00-17:00")],
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>> { [DayOfWeek.Friday] = [Session("08:00-12:00")] }),
        HolidayCalendar.None);

    [Theory]
    [InlineData("2022-09-13T11:30:00+07:00", 120, "2022-09-13T14:30:00+07:00")] // domain example: 30 before lunch, 90 after
    [InlineData("2022-09-12T10:00:00+07:00", 180, "2022-09-12T14:00:00+07:00")] // 120 in the morning, 60 after lunch
    [InlineData("2022-09-13T11:59:00+07:00", 2, "2022-09-13T13:01:00+07:00")]
    public void Add_WhenStartInsideMorning_CrossesLunch(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-13T16:30:00+07:00", 120, "2022-09-14T09:30:00+07:00")] // domain example
    [InlineData("2022-09-13T13:00:00+07:00", 300, "2022-09-14T09:00:00+07:00")] // 240 Tuesday afternoon, 60 Wednesday
    [InlineData("2022-09-16T16:30:00+07:00", 60, "2022-09-19T08:30:00+07:00")] // Friday into Monday
    public void Add_WhenStartInsideAfternoon_ContinuesNextWorkingMorning(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-13T07:00:00+07:00", 30, "2022-09-13T08:30:00+07:00")] // before opening
    [InlineData("2022-09-13T00:00:00+07:00", 240, "2022-09-13T12:00:00+07:00")] // midnight
    [InlineData("2022-09-13T12:30:00+07:00", 30, "2022-09-13T13:30:00+07:00")] // during lunch
    [InlineData("2022-09-13T12:00:00+07:00", 30, "2022-09-13T13:30:00+07:00")] // exactly at the morning close
    [InlineData("2022-09-13T18:00:00+07:00", 30, "2022-09-14T08:30:00+07:00")] // after closing
    [InlineData("2022-09-13T17:00:00+07:00", 30, "2022-09-14T08:30:00+07:00")] // exactly at the close
    [InlineData("2022-09-16T19:00:00+07:00", 30, "2022-09-19T08:30:00+07:00")] // Friday evening
    [InlineData("2022-09-17T09:00:00+07:00", 30, "2022-09-19T08:30:00+07:00")] // Saturday
    [InlineData("2022-09-18T10:00:00+07:00", 60, "2022-09-19T09:00:00+07:00")] // Sunday
    public void Add_WhenStartOutsideHours_BeginsAtNextWorkingInterval(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-13T11:00:00+07:00", 60, "2022-09-13T12:00:00+07:00")] // not 13:00
    [InlineData("2022-09-13T16:00:00+07:00", 60, "2022-09-13T17:00:00+07:00")] // not Wednesday 08:00
    [InlineData("2022-09-13T08:00:00+07:00", 240, "2022-09-13T12:00:00+07:00")]
    [InlineData("2022-09-13T08:00:00+07:00", 480, "2022-09-13T17:00:00+07:00")]
    [InlineData("2022-09-13T07:00:00+07:00", 480, "2022-09-13T17:00:00+07:00")]
    [InlineData("2022-09-16T13:00:00+07:00", 240, "2022-09-16T17:00:00+07:00")] // Friday close, not Monday
    public void Add_WhenResultReachesIntervalEnd_StaysAtEnd(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-01T09:00:00+07:00", 60, "2022-09-05T09:00:00+07:00")] // inside National Day 1–4 Sep 2022
    [InlineData("2022-09-03T10:00:00+07:00", 30, "2022-09-05T08:30:00+07:00")]
    [InlineData("2022-08-31T16:00:00+07:00", 120, "2022-09-05T09:00:00+07:00")] // 60 on Wednesday, 60 on Monday
    [InlineData("2023-01-19T16:00:00+07:00", 120, "2023-01-27T09:00:00+07:00")] // Tết 2023: 20–26 Jan off
    [InlineData("2023-01-23T10:00:00+07:00", 30, "2023-01-27T08:30:00+07:00")]
    [InlineData("2022-01-28T16:00:00+07:00", 120, "2022-02-07T09:00:00+07:00")] // Tết 2022: 29 Jan–6 Feb off
    [InlineData("2022-12-30T16:30:00+07:00", 60, "2023-01-03T08:30:00+07:00")] // New Year 31 Dec 2022–2 Jan 2023
    [InlineData("2023-04-28T16:00:00+07:00", 120, "2023-05-04T09:00:00+07:00")] // 29 Apr–3 May 2023, incl. swapped Tuesday 2 May
    [InlineData("2023-05-02T10:00:00+07:00", 60, "2023-05-04T09:00:00+07:00")]
    public void Add_WhenSpanCrossesDaysOff_SkipsThem(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2023-05-05T16:30:00+07:00", 60, "2023-05-06T08:30:00+07:00")] // Saturday 6 May 2023 is worked
    [InlineData("2023-05-06T11:00:00+07:00", 120, "2023-05-06T14:00:00+07:00")] // with the ordinary afternoon session
    [InlineData("2023-05-06T16:00:00+07:00", 120, "2023-05-08T09:00:00+07:00")] // Sunday is still off
    [InlineData("2024-05-03T16:00:00+07:00", 120, "2024-05-04T09:00:00+07:00")] // Saturday 4 May 2024 is worked
    public void Add_WhenSpanReachesMakeUpSaturday_WorksIt(string start, int minutes, string expected) =>
        AssertAdd(District, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-16T16:30:00+07:00", 60, "2022-09-17T08:30:00+07:00")] // Friday into Saturday morning
    [InlineData("2022-09-17T11:00:00+07:00", 60, "2022-09-19T08:30:00+07:00")] // Saturday closes at 11:30
    [InlineData("2022-09-17T10:00:00+07:00", 90, "2022-09-17T11:30:00+07:00")] // lands on the Saturday close
    [InlineData("2022-09-17T12:00:00+07:00", 30, "2022-09-19T08:30:00+07:00")] // no Saturday afternoon
    [InlineData("2022-08-31T16:30:00+07:00", 60, "2022-09-05T08:30:00+07:00")] // Saturday 3 Sep 2022 is a day off
    [InlineData("2022-09-13T11:30:00+07:00", 120, "2022-09-13T14:30:00+07:00")] // weekdays as at the district
    public void Add_WhenOfficeWorksSaturdayMorning_UsesSaturdaySession(string start, int minutes, string expected) =>
        AssertAdd(SaturdayOffice, start, minutes, expected);

    [Theory]
    [InlineData(Swapped, "2024-03-12T16:00:00+07:00", 120, "2024-03-14T09:00:00+07:00")] // Wednesday 13 Mar off
    [InlineData(Swapped, "2024-03-13T10:00:00+07:00", 30, "2024-03-14T08:30:00+07:00")]
    [InlineData(Swapped, "2024-03-15T16:30:00+07:00", 60, "2024-03-16T08:30:00+07:00")] // Saturday 16 Mar worked
    [InlineData(Swapped, "2024-03-16T16:30:00+07:00", 60, "2024-03-18T08:30:00+07:00")]
    [InlineData(NoHolidays, "2022-09-01T16:30:00+07:00", 60, "2022-09-02T08:30:00+07:00")] // no holidays listed: 2 Sep is worked
    [InlineData(ShortFriday, "2024-03-15T11:00:00+07:00", 120, "2024-03-18T09:00:00+07:00")] // Friday closes at 12:00
    [InlineData(ShortFriday, "2024-03-14T16:00:00+07:00", 300, "2024-03-15T12:00:00+07:00")] // 60 Thu, 240 Fri: ends at the Friday close
    [InlineData(ShortFriday, "2024-03-14T16:00:00+07:00", 360, "2024-03-18T09:00:00+07:00")] // 60 Thu, 240 Fri, 60 Mon
    public void Add_OnHandBuiltCalendar_FollowsItsWeekAndHolidays(string calendar, string start, int minutes, string expected) =>
        AssertAdd(calendar, start, minutes, expected);

    [Theory]
    [InlineData("2022-09-13T04:30:00Z", 120, "2022-09-13T14:30:00+07:00")] // 11:30 local: the domain example
    [InlineData("2022-09-12T23:00:00Z", 60, "2022-09-13T09:00:00+07:00")] // Monday in UTC, Tuesday 06:00 local
    [InlineData("2022-09-13T10:30:00Z", 30, "2022-09-14T08:30:00+07:00")] // 17:30 local
    [InlineData("2022-09-13T06:30:00+09:00", 60, "2022-09-13T09:00:00+07:00")] // 04:30 local
    public void Add_WhenStartHasAnotherOffset_ConvertsToOfficeTime(string start, int minutes, string expectedLocal)
    {
        var calendar = CalendarFor(District);
        var expected = At(expectedLocal);

        var actual = calendar.Add(At(start), TimeSpan.FromMinutes(minutes));

        Assert.Equal(expected, actual);
        var local = calendar.ToLocal(actual);
        Assert.Equal(expected.DateTime, local.DateTime);
        Assert.Equal(TimeSpan.FromHours(7), local.Offset);
    }

    [Theory]
    [InlineData("2022-09-13T10:15:00+07:00")]
    [InlineData("2022-09-13T12:30:00+07:00")]
    [InlineData("2022-09-17T09:00:00+07:00")]
    public void Add_WhenZero_ReturnsStart(string start)
    {
        var instant = At(start);

        Assert.Equal(instant, CalendarFor(District).Add(instant, TimeSpan.Zero));
    }

    [Fact]
    public void Add_WhenNegative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CalendarFor(District).Add(At("2022-09-13T10:00:00+07:00"), TimeSpan.FromMinutes(-1)));

    [Fact]
    public void AddWorkingMinutes_WhenStartInsideMorning_MatchesAdd() =>
        Assert.Equal(At("2022-09-13T14:30:00+07:00"), CalendarFor(District).AddWorkingMinutes(At("2022-09-13T11:30:00+07:00"), 120));

    [Fact]
    public void Add_WhenWeekHasNoWorkingDay_ThrowsInsteadOfLooping()
    {
        var calendar = new WorkingCalendar(Hanoi, new WorkingWeek([], [Session("08:00-12:00")]), HolidayCalendar.None);

        Assert.Throws<InvalidOperationException>(() => calendar.Add(At("2022-09-13T10:00:00+07:00"), TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData("2022-09-12T11:00:00+07:00", "2022-09-12T14:00:00+07:00", 120)] // lunch not counted
    [InlineData("2022-09-12T14:00:00+07:00", "2022-09-12T11:00:00+07:00", -120)] // reversed
    [InlineData("2022-09-12T10:00:00+07:00", "2022-09-12T10:00:00+07:00", 0)]
    [InlineData("2022-09-12T12:10:00+07:00", "2022-09-12T12:50:00+07:00", 0)] // inside lunch
    [InlineData("2022-09-12T06:00:00+07:00", "2022-09-12T20:00:00+07:00", 480)] // a whole day
    [InlineData("2022-09-17T09:00:00+07:00", "2022-09-18T15:00:00+07:00", 0)] // Saturday to Sunday
    [InlineData("2022-09-16T17:00:00+07:00", "2022-09-19T08:00:00+07:00", 0)] // Friday close to Monday opening
    [InlineData("2022-09-16T16:00:00+07:00", "2022-09-19T09:00:00+07:00", 120)]
    [InlineData("2022-09-19T09:00:00+07:00", "2022-09-16T16:00:00+07:00", -120)]
    [InlineData("2022-09-12T08:00:00+07:00", "2022-09-19T08:00:00+07:00", 2400)] // five working days
    [InlineData("2022-08-31T08:00:00+07:00", "2022-09-05T17:00:00+07:00", 960)] // Wednesday and Monday around National Day
    [InlineData("2022-09-12T04:00:00Z", "2022-09-12T14:00:00+07:00", 120)] // 11:00 local, given in UTC
    public void Between_OnDistrictOffice_CountsOnlyWorkingTime(string from, string to, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), CalendarFor(District).Between(At(from), At(to)));

    [Theory]
    [InlineData("2022-09-16T11:00:00+07:00", "2022-09-19T09:00:00+07:00", 60 + 240 + 210 + 60)] // Friday, Saturday morning, Monday
    [InlineData("2022-09-17T08:00:00+07:00", "2022-09-17T17:00:00+07:00", 210)]
    public void Between_WhenOfficeWorksSaturdayMorning_CountsSaturdaySession(string from, string to, int expectedMinutes) =>
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), CalendarFor(SaturdayOffice).Between(At(from), At(to)));

    [Theory]
    [InlineData(District, "2022-09-12T10:00:00+07:00", 3, "2022-09-15T17:00:00+07:00")] // Monday: Tue, Wed, Thu
    [InlineData(District, "2022-09-12T16:59:00+07:00", 1, "2022-09-13T17:00:00+07:00")] // still Monday's receipt
    [InlineData(District, "2022-09-12T07:00:00+07:00", 1, "2022-09-13T17:00:00+07:00")] // before opening: Monday
    [InlineData(District, "2022-09-16T10:00:00+07:00", 1, "2022-09-19T17:00:00+07:00")] // Friday: Monday
    [InlineData(District, "2022-08-26T10:00:00+07:00", 3, "2022-08-31T17:00:00+07:00")] // Friday: Mon 29, Tue 30, Wed 31
    [InlineData(District, "2022-08-26T10:00:00+07:00", 4, "2022-09-05T17:00:00+07:00")] // ... then 1–4 Sep off: Mon 5
    [InlineData(District, "2022-08-26T10:00:00+07:00", 5, "2022-09-06T17:00:00+07:00")]
    [InlineData(District, "2022-08-30T10:00:00+07:00", 3, "2022-09-06T17:00:00+07:00")] // Wed 31, Mon 5, Tue 6
    [InlineData(District, "2023-01-19T10:00:00+07:00", 1, "2023-01-27T17:00:00+07:00")] // Tết 2023
    [InlineData(District, "2023-04-28T10:00:00+07:00", 2, "2023-05-05T17:00:00+07:00")] // Thu 4, Fri 5 May 2023
    [InlineData(District, "2023-05-05T10:00:00+07:00", 1, "2023-05-06T17:00:00+07:00")] // make-up Saturday counts
    [InlineData(District, "2023-05-05T10:00:00+07:00", 2, "2023-05-08T17:00:00+07:00")]
    [InlineData(SaturdayOffice, "2022-09-16T10:00:00+07:00", 1, "2022-09-17T11:30:00+07:00")] // close of Saturday
    [InlineData(SaturdayOffice, "2022-09-16T10:00:00+07:00", 2, "2022-09-19T17:00:00+07:00")]
    [InlineData(SaturdayOffice, "2022-09-17T10:00:00+07:00", 1, "2022-09-19T17:00:00+07:00")] // received Saturday in hours
    [InlineData(Swapped, "2024-03-12T10:00:00+07:00", 2, "2024-03-15T17:00:00+07:00")] // Wed 13 off: Thu 14, Fri 15
    [InlineData(Swapped, "2024-03-15T10:00:00+07:00", 1, "2024-03-16T17:00:00+07:00")] // Sat 16 worked
    [InlineData(ShortFriday, "2024-03-14T10:00:00+07:00", 1, "2024-03-15T12:00:00+07:00")] // Friday closes at noon
    public void AddWorkingDays_WhenReceivedInHours_DueAtCloseOfNthWorkingDayAfter(string calendar, string received, int days, string expected) =>
        Assert.Equal(At(expected), CalendarFor(calendar).AddWorkingDays(At(received), days));

    [Theory]
    [InlineData(District, "2022-09-12T17:30:00+07:00", 1, "2022-09-14T17:00:00+07:00")] // Monday after closing: receipt Tuesday
    [InlineData(District, "2022-09-12T17:00:00+07:00", 1, "2022-09-14T17:00:00+07:00")] // at closing: receipt Tuesday
    [InlineData(District, "2022-09-12T17:30:00+07:00", 3, "2022-09-16T17:00:00+07:00")]
    [InlineData(District, "2022-09-12T10:30:00Z", 1, "2022-09-14T17:00:00+07:00")] // 17:30 local given in UTC
    [InlineData(District, "2022-09-16T17:30:00+07:00", 1, "2022-09-20T17:00:00+07:00")] // Friday evening: receipt Monday
    [InlineData(District, "2022-09-17T10:00:00+07:00", 1, "2022-09-20T17:00:00+07:00")] // Saturday: receipt Monday
    [InlineData(District, "2022-09-18T10:00:00+07:00", 3, "2022-09-22T17:00:00+07:00")] // Sunday: receipt Monday
    [InlineData(District, "2022-09-02T10:00:00+07:00", 1, "2022-09-06T17:00:00+07:00")] // holiday: receipt Monday 5 Sep
    [InlineData(District, "2023-05-02T10:00:00+07:00", 1, "2023-05-05T17:00:00+07:00")] // swapped Tuesday: receipt Thu 4 May
    [InlineData(District, "2023-05-05T17:30:00+07:00", 1, "2023-05-08T17:00:00+07:00")] // receipt make-up Saturday 6 May
    [InlineData(SaturdayOffice, "2022-09-17T11:45:00+07:00", 1, "2022-09-20T17:00:00+07:00")] // Saturday after 11:30: receipt Monday
    [InlineData(SaturdayOffice, "2022-09-16T17:30:00+07:00", 1, "2022-09-19T17:00:00+07:00")] // Friday evening: receipt Saturday
    public void AddWorkingDays_WhenReceivedOutsideHours_DayOfReceiptIsNextWorkingDay(string calendar, string received, int days, string expected) =>
        Assert.Equal(At(expected), CalendarFor(calendar).AddWorkingDays(At(received), days));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AddWorkingDays_WhenNotPositive_Throws(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CalendarFor(District).AddWorkingDays(At("2022-09-12T10:00:00+07:00"), days));

    [Theory]
    [InlineData(District, "2022-09-13T10:15:00+07:00", "2022-09-13T10:15:00+07:00")] // already working
    [InlineData(District, "2022-09-13T08:00:00+07:00", "2022-09-13T08:00:00+07:00")] // opening is inside
    [InlineData(District, "2022-09-13T12:00:00+07:00", "2022-09-13T13:00:00+07:00")] // closing is outside
    [InlineData(District, "2022-09-13T17:00:00+07:00", "2022-09-14T08:00:00+07:00")]
    [InlineData(District, "2022-09-16T17:00:00+07:00", "2022-09-19T08:00:00+07:00")]
    [InlineData(District, "2022-09-01T10:00:00+07:00", "2022-09-05T08:00:00+07:00")] // National Day
    [InlineData(District, "2023-01-20T00:00:00+07:00", "2023-01-27T08:00:00+07:00")] // Tết 2023
    [InlineData(District, "2023-05-02T09:00:00+07:00", "2023-05-04T08:00:00+07:00")] // swapped Tuesday off
    [InlineData(District, "2023-05-06T07:00:00+07:00", "2023-05-06T08:00:00+07:00")] // make-up Saturday
    [InlineData(District, "2023-05-06T12:00:00+07:00", "2023-05-06T13:00:00+07:00")]
    [InlineData(SaturdayOffice, "2022-09-16T17:00:00+07:00", "2022-09-17T08:00:00+07:00")]
    [InlineData(SaturdayOffice, "2022-09-17T11:30:00+07:00", "2022-09-19T08:00:00+07:00")]
    [InlineData(Swapped, "2024-03-12T17:00:00+07:00", "2024-03-14T08:00:00+07:00")]
    public void NextWorkingInstant_WhenGivenInstant_ReturnsFirstWorkingInstantAtOrAfter(string calendar, string instant, string expected) =>
        Assert.Equal(At(expected), CalendarFor(calendar).NextWorkingInstant(At(instant)));

    [Theory]
    [InlineData(District, "2022-09-13", true)] // Tuesday
    [InlineData(District, "2022-09-17", false)] // Saturday
    [InlineData(District, "2022-09-18", false)] // Sunday
    [InlineData(District, "2022-09-01", false)] // National Day
    [InlineData(District, "2022-09-02", false)]
    [InlineData(District, "2022-09-05", true)]
    [InlineData(District, "2022-04-11", false)] // Hùng Kings' day 2022, compensated Monday
    [InlineData(District, "2023-01-23", false)] // Tết 2023
    [InlineData(District, "2023-05-02", false)] // Tuesday swapped off
    [InlineData(District, "2023-05-04", true)]
    [InlineData(District, "2023-05-06", true)] // make-up Saturday
    [InlineData(District, "2023-05-07", false)] // the Sunday after it
    [InlineData(District, "2026-08-22", true)] // make-up Saturday 2026
    [InlineData(District, "2026-08-31", false)] // the Monday it pays for
    [InlineData(SaturdayOffice, "2022-09-17", true)]
    [InlineData(SaturdayOffice, "2022-09-18", false)]
    [InlineData(SaturdayOffice, "2022-09-03", false)] // Saturday inside National Day
    [InlineData(Swapped, "2024-03-13", false)]
    [InlineData(Swapped, "2024-03-16", true)]
    [InlineData(Swapped, "2024-03-23", false)] // an ordinary Saturday
    [InlineData(NoHolidays, "2022-09-02", true)]
    public void IsWorkingDay_OnDate_FollowsWeekHolidaysAndMakeUpDays(string calendar, string date, bool expected) =>
        Assert.Equal(expected, CalendarFor(calendar).IsWorkingDay(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(District, "2022-09-13T08:00:00+07:00", true)]
    [InlineData(District, "2022-09-13T11:59:00+07:00", true)]
    [InlineData(District, "2022-09-13T12:00:00+07:00", false)] // end exclusive
    [InlineData(District, "2022-09-13T13:00:00+07:00", true)]
    [InlineData(District, "2022-09-13T17:00:00+07:00", false)]
    [InlineData(District, "2022-09-13T07:59:00+07:00", false)]
    [InlineData(District, "2022-09-02T10:00:00+07:00", false)] // holiday
    [InlineData(District, "2023-05-06T10:00:00+07:00", true)] // make-up Saturday
    [InlineData(SaturdayOffice, "2022-09-17T11:00:00+07:00", true)]
    [InlineData(SaturdayOffice, "2022-09-17T11:30:00+07:00", false)]
    [InlineData(SaturdayOffice, "2022-09-17T14:00:00+07:00", false)]
    public void IsWorkingInstant_OnInstant_IsInsideASession(string calendar, string instant, bool expected) =>
        Assert.Equal(expected, CalendarFor(calendar).IsWorkingInstant(At(instant)));

    [Fact]
    public void SessionsOn_WhenMakeUpSaturdayAtWeekdayOffice_UsesOrdinaryDaySessions() =>
        Assert.Equal(
            new[] { Session("08:00-12:00"), Session("13:00-17:00") },
            CalendarFor(District).SessionsOn(new DateOnly(2023, 5, 6)));

    [Fact]
    public void HolidayCalendar_WhenDayIsBothOffAndMakeUp_Throws()
    {
        var day = new DateOnly(2024, 3, 16);

        Assert.Throws<ArgumentException>(() => new HolidayCalendar(
            new Dictionary<DateOnly, string> { [day] = "off" },
            new Dictionary<DateOnly, string> { [day] = "worked" }));
    }

    [Theory]
    [InlineData("08:00-12:00", 8, 0, 12, 0)]
    [InlineData("08:00-11:30", 8, 0, 11, 30)]
    [InlineData(" 13:00 - 17:00 ", 13, 0, 17, 0)]
    [InlineData("00:00-23:59", 0, 0, 23, 59)]
    public void Parse_WhenWellFormed_ReadsStartAndEnd(string text, int startHour, int startMinute, int endHour, int endMinute)
    {
        var session = WorkingSession.Parse(text);

        Assert.Equal(new TimeOnly(startHour, startMinute), session.Start);
        Assert.Equal(new TimeOnly(endHour, endMinute), session.End);
        Assert.Equal(new TimeOnly(endHour, endMinute) - new TimeOnly(startHour, startMinute), session.Length);
    }

    [Fact]
    public void ToString_WhenParsed_RoundTrips() => Assert.Equal("08:00-11:30", WorkingSession.Parse("08:00-11:30").ToString());

    [Theory]
    [InlineData("13:00-12:00")] // ends before it starts
    [InlineData("12:00-12:00")] // empty
    [InlineData("8-12")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("08:00")]
    [InlineData("08:00-12:00-13:00")]
    [InlineData("08:00–12:00")] // en dash
    [InlineData("08:00-24:00")]
    [InlineData("ab:cd-12:00")]
    public void Parse_WhenMalformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => WorkingSession.Parse(text));

    [Fact]
    public void Parse_WhenNull_ThrowsArgumentNull() => Assert.Throws<ArgumentNullException>(() => WorkingSession.Parse(null!));

    [Theory]
    [InlineData("08:00-12:00", "11:00-13:00")]
    [InlineData("11:00-13:00", "08:00-12:00")] // out of order
    [InlineData("08:00-12:00", "08:00-12:00")]
    [InlineData("08:00-17:00", "13:00-14:00")] // one inside the other
    public void WorkingWeek_WhenSessionsOverlap_Throws(string first, string second) =>
        Assert.Throws<ArgumentException>(() => new WorkingWeek([DayOfWeek.Monday], [Session(first), Session(second)]));

    [Fact]
    public void WorkingWeek_WhenDaySessionsOverlap_Throws() =>
        Assert.Throws<ArgumentException>(() => new WorkingWeek(
            [DayOfWeek.Saturday],
            [Session("08:00-12:00")],
            new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>> { [DayOfWeek.Saturday] = [Session("08:00-10:00"), Session("09:00-11:00")] }));

    [Fact]
    public void WorkingWeek_WhenNoSessions_Throws() =>
        Assert.Throws<ArgumentException>(() => new WorkingWeek([DayOfWeek.Monday], []));

    [Fact]
    public void WorkingWeek_WhenSessionsTouch_AcceptsAndOrdersThem()
    {
        var week = new WorkingWeek([DayOfWeek.Monday], [Session("12:00-17:00"), Session("08:00-12:00")]);

        Assert.Equal(new[] { Session("08:00-12:00"), Session("12:00-17:00") }, week.Sessions);
        Assert.Empty(week.SessionsOn(DayOfWeek.Tuesday));
    }

    private static void AssertAdd(string calendar, string start, int minutes, string expected) =>
        Assert.Equal(At(expected), CalendarFor(calendar).Add(At(start), TimeSpan.FromMinutes(minutes)));

    private static WorkingCalendar CalendarFor(string name) => name switch
    {
        Swapped => SwappedCalendar,
        NoHolidays => NoHolidaysCalendar,
        ShortFriday => ShortFridayCalendar,
        _ => Shipped.Offices[name].Calendar,
    };

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static WorkingSession Session(string text) => WorkingSession.Parse(text);
}
