using System.Globalization;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CaseEngine.Tests.Domain;

/// <summary>
/// Properties of working-time arithmetic on the shipped Gia Lâm calendars (office 018, weekdays only, and
/// office 00565, which also works Saturday mornings). Start instants range over 2022–2026 so that holidays,
/// Tết and make-up Saturdays are crossed.
/// </summary>
[Properties(Arbitrary = new[] { typeof(WorkingCalendarArbitraries) }, MaxTest = 200)]
public sealed class WorkingCalendarProperties
{
    [Property]
    public void Add_WhenSplitInTwo_EqualsAddingTheSum(CalendarStart start, WorkingMinutes first, WorkingMinutes second)
    {
        var calendar = start.Calendar;
        var a = TimeSpan.FromMinutes(first.Value);
        var b = TimeSpan.FromMinutes(second.Value);

        Assert.Equal(calendar.Add(start.Instant, a + b), calendar.Add(calendar.Add(start.Instant, a), b));
    }

    [Property]
    public void Between_WhenMeasuringAdd_ReturnsTheWorkingTimeAdded(CalendarStart start, WorkingMinutes minutes)
    {
        var calendar = start.Calendar;
        var workingTime = TimeSpan.FromMinutes(minutes.Value);

        var end = calendar.Add(start.Instant, workingTime);

        Assert.Equal(workingTime, calendar.Between(start.Instant, end));
        Assert.Equal(-workingTime, calendar.Between(end, start.Instant));
    }

    [Property]
    public void Add_WhenMoreTime_NeverEarlier(CalendarStart start, WorkingMinutes first, WorkingMinutes second)
    {
        var calendar = start.Calendar;
        var shorter = Math.Min(first.Value, second.Value);
        var longer = Math.Max(first.Value, second.Value);

        var early = calendar.Add(start.Instant, TimeSpan.FromMinutes(shorter));
        var late = calendar.Add(start.Instant, TimeSpan.FromMinutes(longer));

        Assert.True(early <= late, $"Add({shorter}) = {early:O} is after Add({longer}) = {late:O}");
        Assert.True(start.Instant < early, $"Add({shorter}) = {early:O} is not after the start");
        Assert.Equal(shorter == longer, early == late);
    }

    [Property]
    public void Add_WhenPositive_LandsInsideASessionOrAtItsEnd(CalendarStart start, WorkingMinutes minutes)
    {
        var calendar = start.Calendar;

        var result = calendar.Add(start.Instant, TimeSpan.FromMinutes(minutes.Value));

        var local = calendar.ToLocal(result);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var atSessionEnd = calendar.SessionsOn(calendar.LocalDate(result)).Any(s => s.End == time);
        Assert.True(
            calendar.IsWorkingInstant(result) || atSessionEnd,
            $"{local:yyyy-MM-dd HH:mm ddd} is outside working hours and not at a session end");
    }

    [Property]
    public void AddWorkingDays_WhenPositive_DueAtCloseOfAWorkingDay(CalendarStart start, PositiveInt days)
    {
        var calendar = start.Calendar;
        var count = ((days.Get - 1) % 30) + 1;

        var due = calendar.AddWorkingDays(start.Instant, count);

        var date = calendar.LocalDate(due);
        Assert.True(calendar.IsWorkingDay(date));
        Assert.Equal(calendar.SessionsOn(date)[^1].End, TimeOnly.FromDateTime(calendar.ToLocal(due).DateTime));

        // Exactly `count` working days lie after the day of receipt, up to and including the due date.
        var receipt = calendar.LocalDate(calendar.NextWorkingInstant(start.Instant));
        var counted = 0;
        for (var day = receipt.AddDays(1); day <= date; day = day.AddDays(1))
        {
            counted += calendar.IsWorkingDay(day) ? 1 : 0;
        }

        Assert.Equal(count, counted);
    }
}

/// <summary>A start instant on one of the shipped offices' calendars.</summary>
public sealed record CalendarStart(string OfficeCode, DateTimeOffset Instant)
{
    private static readonly ReferenceData Shipped = ReferenceDataFolder.Load(ReferenceDataFolder.Shipped);

    /// <summary>The office's calendar.</summary>
    public WorkingCalendar Calendar => Shipped.Offices[OfficeCode].Calendar;

    /// <inheritdoc />
    public override string ToString() =>
        $"{OfficeCode} {Instant.ToString("yyyy-MM-dd'T'HH:mmzzz ddd", CultureInfo.InvariantCulture)}";
}

/// <summary>A positive amount of working time in minutes.</summary>
public sealed record WorkingMinutes(int Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Value} min";
}

/// <summary>Generators for <see cref="WorkingCalendarProperties"/>.</summary>
public static class WorkingCalendarArbitraries
{
    private const int MinutesPerDay = 24 * 60;
    private const int BaseDays = 3 * 365; // base date 2022-01-01 .. 2024-12-31
    private const int MaxOffsetMinutes = 2 * 365 * MinutesPerDay; // plus up to two years: ends in 2026

    private static readonly DateTimeOffset Origin = new(2022, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));

    /// <summary>A base date in 2022–2024 plus up to two years; one in three starts on a half hour so session bounds come up.</summary>
    public static Arbitrary<CalendarStart> CalendarStart()
    {
        var anyMinute = Gen.Choose(0, MaxOffsetMinutes);
        var halfHour = Gen.Choose(0, MaxOffsetMinutes / 30).Select(n => n * 30);
        var gen =
            from office in Gen.Elements("018", "00565")
            from baseDay in Gen.Choose(0, BaseDays)
            from offset in Gen.Frequency((2, anyMinute), (1, halfHour))
            select new CalendarStart(office, Origin.AddDays(baseDay).AddMinutes(offset));
        return gen.ToArbitrary();
    }

    /// <summary>1 minute to about 40 working days, biased to less than one session and to a few days.</summary>
    public static Arbitrary<WorkingMinutes> WorkingMinutes()
    {
        var gen = Gen.Frequency(
            (2, Gen.Choose(1, 240)),
            (2, Gen.Choose(1, 5 * 480)),
            (1, Gen.Choose(1, 40 * 480)));
        return Arb.From(gen.Select(m => new WorkingMinutes(m)), Shrink);
    }

    private static IEnumerable<WorkingMinutes> Shrink(WorkingMinutes minutes)
    {
        if (minutes.Value > 1)
        {
            yield return new WorkingMinutes(minutes.Value / 2);
            yield return new WorkingMinutes(minutes.Value - 1);
        }
    }
}
