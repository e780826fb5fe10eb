using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using static CaseEngine.Domain.Wording.VietnameseWords;

namespace CaseEngine.Domain.Wording;

/// <summary>
/// The fast-track rule in words, from the rule set (its working time, cut-off and late-reception rule) and the
/// office's week (its fast-track weekdays and sessions): one wording for the counter, the citizen's page, the slips and
/// the leaders' report.
/// </summary>
public static class FastTrackWording
{
    /// <summary>
    /// What the office promises for fast-track procedures handed in at the counter, such as "Giải quyết trong 2 giờ làm
    /// việc khi nộp vào ngày thứ Ba (nộp muộn nhất 15:00)"; <see langword="null"/> for an office with no fast-track day.
    /// </summary>
    public static string? Promise(Office office, RuleSet rules)
    {
        if (office.FastTrackDays.Count == 0)
        {
            return null;
        }

        var promise = $"Giải quyết trong {WorkingTime(rules.FastTrackWorkingMinutes)} khi nộp vào ngày {Weekdays(office.FastTrackDays)}";
        if (rules.LateFastTrack == LateFastTrackReception.CarryOver)
        {
            return promise;
        }

        var latest = office.FastTrackDays
            .OrderBy(WeekOrder)
            .Select(day => (Day: day, Latest: SlaPolicy.LatestFastTrackStart(office.Calendar.Week.SessionsOn(day), rules)))
            .Where(d => d.Latest is not null)
            .ToList();
        var times = latest.Select(d => d.Latest!.Value).Distinct().ToList();
        return times.Count switch
        {
            0 => promise,
            1 => $"{promise} (nộp muộn nhất {Clock(times[0])})",
            _ => $"{promise} (nộp muộn nhất {string.Join(", ", latest.Select(d => $"{Clock(d.Latest!.Value)} {Weekday(d.Day)}"))})",
        };
    }

    /// <summary>The heading of the fast-track report over <paramref name="offices"/>: "Thủ tục giải quyết trong 2 giờ làm việc ngày thứ Ba".</summary>
    public static string Title(IEnumerable<Office> offices, RuleSet rules)
    {
        var days = offices.SelectMany(o => o.FastTrackDays).ToList();
        var title = $"Thủ tục giải quyết trong {WorkingTime(rules.FastTrackWorkingMinutes)}";
        return days.Count == 0 ? title : $"{title} ngày {Weekdays(days)}";
    }

    /// <summary>
    /// The time <paramref name="sla"/> gives a dossier handed in at <paramref name="receivedAt"/>, and why when a
    /// fast-track dossier missed its day: "2 giờ làm việc (giải quyết nhanh ngày thứ Ba)", "3 ngày làm việc (nộp sau
    /// 15:00 ngày thứ Ba nên không kịp giải quyết nhanh trong ngày)".
    /// </summary>
    public static string Allotted(Sla sla, DossierContext context, DateTimeOffset receivedAt)
    {
        var calendar = context.Calendar;
        var day = calendar.LocalDate(receivedAt);
        var weekday = Weekday(day.DayOfWeek);
        var fastTrack = WorkingTime(context.Rules.FastTrackWorkingMinutes);
        var why = sla.FastTrackMissed switch
        {
            FastTrackMiss.OutsideWorkingHours => $"nộp ngoài giờ làm việc ngày {weekday}",
            FastTrackMiss.TooLateInTheDay => SlaPolicy.LatestFastTrackStart(calendar.SessionsOn(day), context.Rules) is { } latest
                ? $"nộp sau {Clock(latest)} ngày {weekday}"
                : $"ngày {weekday} không đủ {fastTrack}",
            _ => null,
        };
        return (sla.Rule, why) switch
        {
            (SlaRule.FastTrack, null) => $"{fastTrack} (giải quyết nhanh ngày {weekday})",
            (SlaRule.FastTrack, _) => $"{fastTrack} (giải quyết nhanh ngày {weekday}; {why} nên trả kết quả vào ngày làm việc tiếp theo)",
            (_, null) => ProcessingTime(context.Procedure.ProcessingTime),
            _ => $"{ProcessingTime(context.Procedure.ProcessingTime)} ({why} nên không kịp giải quyết nhanh trong ngày)",
        };
    }
}
