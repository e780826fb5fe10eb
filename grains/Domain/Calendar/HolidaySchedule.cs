using System.Collections.Immutable;

namespace CaseEngine.Domain.Calendar;

/// <summary>
/// A holiday calendar as it travels between the administration and the grains: its days off and its make-up working
/// days, each with its name, in date order. A candidate calendar is passed this way to ask what it would change.
/// </summary>
/// <param name="DaysOff">National days off (holidays, compensated days, swapped weekdays).</param>
/// <param name="MakeUpDays">Make-up working days (usually Saturdays worked in exchange for a swapped weekday).</param>
[GenerateSerializer, Immutable, Alias("caseengine.holiday-schedule.v1")]
public sealed record HolidaySchedule(
    [property: Id(0)] ImmutableArray<NamedDay> DaysOff,
    [property: Id(1)] ImmutableArray<NamedDay> MakeUpDays)
{
    /// <summary>The calendar this schedule describes.</summary>
    /// <exception cref="ArgumentException">A date is listed twice, or is both a day off and a make-up working day.</exception>
    public HolidayCalendar ToCalendar() => new(Days(DaysOff, nameof(DaysOff)), Days(MakeUpDays, nameof(MakeUpDays)));

    /// <summary>Whether <paramref name="other"/> lists the same days with the same names, in the same order.</summary>
    public bool Equals(HolidaySchedule? other) =>
        other is not null && Same(DaysOff, other.DaysOff) && Same(MakeUpDays, other.MakeUpDays);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Count(DaysOff), Count(MakeUpDays), DaysOff.IsDefaultOrEmpty ? null : DaysOff[0]);

    private static bool Same(ImmutableArray<NamedDay> a, ImmutableArray<NamedDay> b) =>
        (a.IsDefault ? [] : a).SequenceEqual(b.IsDefault ? [] : b);

    private static int Count(ImmutableArray<NamedDay> days) => days.IsDefault ? 0 : days.Length;

    private static Dictionary<DateOnly, string> Days(ImmutableArray<NamedDay> days, string list)
    {
        var byDate = new Dictionary<DateOnly, string>();
        foreach (var day in days.IsDefault ? [] : days)
        {
            if (!byDate.TryAdd(day.Date, day.Name))
            {
                throw new ArgumentException($"{day.Date:yyyy-MM-dd} is listed twice.", list);
            }
        }

        return byDate;
    }
}

/// <summary>One day of a holiday calendar with its name, such as 2 September, "Quốc khánh".</summary>
/// <param name="Date">The day.</param>
/// <param name="Name">Its name.</param>
[GenerateSerializer, Immutable, Alias("caseengine.named-day.v1")]
public sealed record NamedDay([property: Id(0)] DateOnly Date, [property: Id(1)] string Name);
