using System.Collections.Immutable;

namespace CaseEngine.Domain.Calendar;

/// <summary>
/// National days off (holidays, compensated days, swapped weekdays) and make-up working days
/// (usually Saturdays worked in exchange for a swapped weekday).
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, string> _daysOff;
    private readonly Dictionary<DateOnly, string> _makeUpDays;

    /// <summary>Creates a calendar.</summary>
    /// <param name="daysOff">Each day off with its name.</param>
    /// <param name="makeUpDays">Each make-up working day with its name.</param>
    public HolidayCalendar(IReadOnlyDictionary<DateOnly, string> daysOff, IReadOnlyDictionary<DateOnly, string> makeUpDays)
    {
        _daysOff = new Dictionary<DateOnly, string>(daysOff);
        _makeUpDays = new Dictionary<DateOnly, string>(makeUpDays);
        var clash = _daysOff.Keys.Intersect(_makeUpDays.Keys).Order().FirstOrDefault();
        if (clash != default)
        {
            throw new ArgumentException($"{clash:yyyy-MM-dd} is both a day off and a make-up working day.", nameof(makeUpDays));
        }
    }

    /// <summary>A calendar with no holidays: only the office's week applies.</summary>
    public static HolidayCalendar None { get; } = new(new Dictionary<DateOnly, string>(), new Dictionary<DateOnly, string>());

    /// <summary>Whether the whole country is off on <paramref name="date"/>.</summary>
    public bool IsDayOff(DateOnly date) => _daysOff.ContainsKey(date);

    /// <summary>Whether <paramref name="date"/> is worked although the office's week would not work it.</summary>
    public bool IsMakeUpDay(DateOnly date) => _makeUpDays.ContainsKey(date);

    /// <summary>The day off's name, or <see langword="null"/>.</summary>
    public string? DayOffName(DateOnly date) => _daysOff.GetValueOrDefault(date);

    /// <summary>Each day off with its name.</summary>
    public IReadOnlyDictionary<DateOnly, string> DaysOff => _daysOff;

    /// <summary>Each make-up working day with its name.</summary>
    public IReadOnlyDictionary<DateOnly, string> MakeUpDays => _makeUpDays;

    /// <summary>This calendar as a <see cref="HolidaySchedule"/>, its days in date order.</summary>
    public HolidaySchedule ToSchedule() => new(Ordered(_daysOff), Ordered(_makeUpDays));

    private static ImmutableArray<NamedDay> Ordered(Dictionary<DateOnly, string> days) =>
        [.. days.OrderBy(d => d.Key).Select(d => new NamedDay(d.Key, d.Value))];
}
