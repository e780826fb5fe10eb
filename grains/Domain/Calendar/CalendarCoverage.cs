using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Calendar;

/// <summary>
/// How far ahead the published holiday calendar reaches, and whether that is enough: deadlines counted past its end
/// ignore days off not yet entered, so an administrator must enter next year's calendar well before it starts.
/// </summary>
/// <param name="PublishedThrough">The calendar's last day.</param>
/// <param name="DaysAhead">Days left after today (negative once it has run out).</param>
/// <param name="Sufficient">Whether at least <see cref="MinimumDaysAhead"/> are left.</param>
/// <param name="Warning">What to tell leaders and administrators when it is not, in Vietnamese; null when it is.</param>
/// <param name="SuggestedYear">
/// The year an administrator should look at now: the one <paramref name="Warning"/> asks to enter when the calendar is
/// not sufficient, else the current year (by the district's date).
/// </param>
public sealed record CalendarCoverage(DateOnly PublishedThrough, int DaysAhead, bool Sufficient, string? Warning, int SuggestedYear)
{
    /// <summary>Days ahead the calendar must cover.</summary>
    public const int MinimumDaysAhead = 60;

    /// <summary>The coverage of <paramref name="data"/>'s calendar at <paramref name="now"/>, by the district's date (its first office's).</summary>
    public static CalendarCoverage Of(ReferenceData data, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(data);
        var today = data.Offices.Values.First().Calendar.LocalDate(now);
        var through = data.CalendarPublishedThrough;
        var ahead = data.CalendarDaysAhead(today);
        if (ahead >= MinimumDaysAhead)
        {
            return new CalendarCoverage(through, ahead, true, null, today.Year);
        }

        var year = ahead >= 0 ? through.Year + 1 : today.Year;
        var warning = ahead >= 0
            ? $"Lịch nghỉ lễ, Tết mới được nhập đến hết ngày {HolidayYears.Day(through)} (còn {ahead} ngày). Hãy nhập lịch năm {year}: hạn giải quyết tính qua thời gian chưa có lịch là hạn tạm tính."
            : $"Lịch nghỉ lễ, Tết chỉ có đến hết ngày {HolidayYears.Day(through)}. Hãy nhập lịch năm {year}: hạn giải quyết hiện là hạn tạm tính.";
        return new CalendarCoverage(through, ahead, false, warning, year);
    }

    /// <summary>Whether a deadline at <paramref name="localDay"/> falls after the published calendar: it may still move.</summary>
    public static bool IsProvisional(ReferenceData data, DateOnly localDay)
    {
        ArgumentNullException.ThrowIfNull(data);
        return localDay > data.CalendarPublishedThrough;
    }
}
