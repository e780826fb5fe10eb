namespace CaseEngine.Domain.Calendar;

/// <summary>
/// Working time of one office: its week, the national holidays and its time zone. Deadlines are reached
/// by walking forward through working intervals only; instants outside them count for nothing.
/// </summary>
/// <remarks>
/// An office's week can change (new opening hours, Saturday mornings added): <see cref="From"/> gives the calendar in
/// which the new week applies from a day on and the weeks it had before still apply to the days before, so working time
/// already worked is counted as it was worked.
/// </remarks>
/// <remarks>
/// Working-day rule (Civil Code arts. 147–148): the day of receipt is not counted, and a deadline of N
/// working days falls at the close of the N-th working day after it. A dossier received outside office
/// hours is received at the next working interval, so one handed in after closing time has the next
/// working day as its day of receipt.
/// </remarks>
public sealed class WorkingCalendar
{
    // No real calendar has a year without working days; a search past this means the data is wrong.
    private const int MaxDaysWithoutWork = 366;

    // The weeks worked before Week, each until the next one's first day (the last one until WeekSince); empty when the
    // office has always worked Week.
    private readonly (DateOnly Since, WorkingWeek Week)[] _earlier;

    /// <summary>Creates a calendar.</summary>
    public WorkingCalendar(TimeZoneInfo timeZone, WorkingWeek week, HolidayCalendar holidays)
        : this(timeZone, week, holidays, DateOnly.MinValue, [])
    {
    }

    private WorkingCalendar(TimeZoneInfo timeZone, WorkingWeek week, HolidayCalendar holidays, DateOnly weekSince, (DateOnly Since, WorkingWeek Week)[] earlier)
    {
        TimeZone = timeZone;
        Week = week;
        Holidays = holidays;
        WeekSince = weekSince;
        _earlier = earlier;
    }

    /// <summary>The office's time zone (Asia/Ho_Chi_Minh by default).</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>The office's ordinary week, from <see cref="WeekSince"/> on.</summary>
    public WorkingWeek Week { get; }

    /// <summary>The first day of <see cref="Week"/>; <see cref="DateOnly.MinValue"/> when the office has always worked it.</summary>
    public DateOnly WeekSince { get; }

    /// <summary>National days off and make-up days.</summary>
    public HolidayCalendar Holidays { get; }

    /// <summary>The same office's time zone and week with <paramref name="holidays"/> as its national days off and make-up days.</summary>
    public WorkingCalendar WithHolidays(HolidayCalendar holidays) => new(TimeZone, Week, holidays, WeekSince, _earlier);

    /// <summary>
    /// This office's calendar with <paramref name="week"/> as its week from <paramref name="since"/> on: the days before
    /// keep the weeks they have here, <paramref name="holidays"/> are the days off of every day. The same calendar when
    /// the week does not change.
    /// </summary>
    public WorkingCalendar From(DateOnly since, WorkingWeek week, HolidayCalendar holidays)
    {
        ArgumentNullException.ThrowIfNull(week);
        if (week.SameAs(Week))
        {
            return WithHolidays(holidays);
        }

        // Weeks that began on or after the new week's first day give way to it; one equal to the week before joins it.
        (DateOnly Since, WorkingWeek Week)[] before = [.. _earlier, (WeekSince, Week)];
        before = [.. before.Where(w => w.Since < since)];
        return before.Length > 0 && before[^1].Week.SameAs(week)
            ? new(TimeZone, week, holidays, before[^1].Since, before[..^1])
            : new(TimeZone, week, holidays, since, before);
    }

    /// <summary>The week worked on <paramref name="date"/>.</summary>
    public WorkingWeek WeekOn(DateOnly date)
    {
        if (date >= WeekSince)
        {
            return Week;
        }

        for (var i = _earlier.Length - 1; i > 0; i--)
        {
            if (date >= _earlier[i].Since)
            {
                return _earlier[i].Week;
            }
        }

        return _earlier[0].Week;
    }

    /// <summary>The local date of <paramref name="instant"/> in the office's time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary><paramref name="instant"/> expressed with the office's offset.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    /// <summary>The sessions worked on <paramref name="date"/>; empty on a day off.</summary>
    public IReadOnlyList<WorkingSession> SessionsOn(DateOnly date)
    {
        if (Holidays.IsDayOff(date))
        {
            return [];
        }

        // A make-up day stands in for a swapped weekday, so it is worked as an ordinary full day.
        var week = WeekOn(date);
        return Holidays.IsMakeUpDay(date) ? week.Sessions : week.SessionsOn(date.DayOfWeek);
    }

    /// <summary>Whether the office works on <paramref name="date"/>.</summary>
    public bool IsWorkingDay(DateOnly date) => SessionsOn(date).Count > 0;

    /// <summary>Whether <paramref name="instant"/> falls inside a working interval (start inclusive, end exclusive).</summary>
    public bool IsWorkingInstant(DateTimeOffset instant)
    {
        var first = Intervals(instant).First();
        return first.Start <= instant;
    }

    /// <summary>
    /// Working intervals from <paramref name="from"/> onwards, in order; the first is clipped to start at
    /// <paramref name="from"/> when it falls inside one. An interval ending exactly at <paramref name="from"/>
    /// is not returned.
    /// </summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Intervals(DateTimeOffset from)
    {
        var date = LocalDate(from);
        var idle = 0;
        while (true)
        {
            var sessions = SessionsOn(date);
            if (sessions.Count == 0)
            {
                if (++idle > MaxDaysWithoutWork)
                {
                    throw new InvalidOperationException($"No working day within {MaxDaysWithoutWork} days after {from:O}.");
                }
            }
            else
            {
                idle = 0;
            }

            foreach (var session in sessions)
            {
                var start = At(date, session.Start);
                var end = At(date, session.End);
                if (end <= from)
                {
                    continue;
                }

                yield return (start < from ? from : start, end);
            }

            date = date.AddDays(1);
        }
    }

    /// <summary>
    /// The instant reached after <paramref name="workingTime"/> of working time from <paramref name="start"/>.
    /// A start outside hours begins at the next working interval; a result landing exactly at the end of an
    /// interval stays there (12:00, not 13:00).
    /// </summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan workingTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingTime, TimeSpan.Zero);
        if (workingTime == TimeSpan.Zero)
        {
            return start;
        }

        var left = workingTime;
        foreach (var (from, to) in Intervals(start))
        {
            var length = to - from;
            if (left <= length)
            {
                return from + left;
            }

            left -= length;
        }

        throw new InvalidOperationException("Unreachable: working intervals never end.");
    }

    /// <summary>Adds whole working minutes; see <see cref="Add(DateTimeOffset, TimeSpan)"/>.</summary>
    public DateTimeOffset AddWorkingMinutes(DateTimeOffset start, int minutes) => Add(start, TimeSpan.FromMinutes(minutes));

    /// <summary>
    /// Working time between two instants: positive when <paramref name="to"/> is later, negative when earlier.
    /// </summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -Between(to, from);
        }

        var total = TimeSpan.Zero;
        foreach (var (start, end) in Intervals(from))
        {
            if (start >= to)
            {
                break;
            }

            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>The first working instant at or after <paramref name="instant"/>.</summary>
    public DateTimeOffset NextWorkingInstant(DateTimeOffset instant) => Intervals(instant).First().Start;

    /// <summary>
    /// Deadline of <paramref name="days"/> working days for a dossier received at <paramref name="received"/>:
    /// the close of the N-th working day after the day of receipt (see the class remarks).
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset received, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        var date = LocalDate(NextWorkingInstant(received));
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return At(date, SessionsOn(date)[^1].End);
    }

    /// <summary>The instant the local <paramref name="date"/> begins.</summary>
    public DateTimeOffset StartOf(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>The instant the office's clocks show as <paramref name="local"/> (its kind is ignored).</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, TimeZone.GetUtcOffset(wall));
    }

    private DateTimeOffset At(DateOnly date, TimeOnly time) => FromLocal(date.ToDateTime(time, DateTimeKind.Unspecified));
}
