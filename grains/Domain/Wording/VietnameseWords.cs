using System.Globalization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Wording;

/// <summary>
/// The Vietnamese words the pages, slips and reports show, once: weekdays, buckets, outcomes and spans of working time.
/// Statuses have theirs in <see cref="DossierStatuses.VietnameseName"/>, steps in <see cref="StepNames"/>.
/// </summary>
public static class VietnameseWords
{
    /// <summary>"thứ Hai" … "thứ Bảy", "Chủ nhật".</summary>
    public static string Weekday(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => "thứ Hai",
        DayOfWeek.Tuesday => "thứ Ba",
        DayOfWeek.Wednesday => "thứ Tư",
        DayOfWeek.Thursday => "thứ Năm",
        DayOfWeek.Friday => "thứ Sáu",
        DayOfWeek.Saturday => "thứ Bảy",
        _ => "Chủ nhật",
    };

    /// <summary>Weekdays as a list, Monday first: "thứ Ba, thứ Năm".</summary>
    public static string Weekdays(IEnumerable<DayOfWeek> days) => string.Join(", ", days.Distinct().OrderBy(WeekOrder).Select(Weekday));

    /// <summary>A weekday's place in a Vietnamese week, which starts on Monday (thứ Hai): 0 for Monday, 6 for Sunday.</summary>
    public static int WeekOrder(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>"Chưa đến hạn", "Sắp đến hạn", "Quá hạn", as public dashboards name the buckets.</summary>
    public static string VietnameseName(this Bucket bucket) => bucket switch
    {
        Bucket.NotYetDue => "Chưa đến hạn",
        Bucket.NearlyLate => "Sắp đến hạn",
        _ => "Quá hạn",
    };

    /// <summary>"Trước hạn", "Đúng hạn", "Quá hạn".</summary>
    public static string VietnameseName(this Timeliness timeliness) => timeliness switch
    {
        Timeliness.Early => "Trước hạn",
        Timeliness.OnTime => "Đúng hạn",
        _ => "Quá hạn",
    };

    /// <summary>
    /// A span of working time as people say it: "1 ngày 2 giờ 5 phút", a day being <paramref name="workingDay"/> (the
    /// office's ordinary working day; <see cref="TimeSpan.Zero"/> counts no days); "0 phút" for none.
    /// </summary>
    public static string Duration(int minutes, TimeSpan workingDay)
    {
        var rest = Math.Abs(minutes);
        var dayMinutes = (int)workingDay.TotalMinutes;
        var days = dayMinutes > 0 ? rest / dayMinutes : 0;
        rest -= days * dayMinutes;
        var (hours, mins) = (rest / 60, rest % 60);
        var parts = new List<string>(3);
        if (days > 0)
        {
            parts.Add($"{days} {DurationUnits.Day}");
        }

        if (hours > 0)
        {
            parts.Add($"{hours} {DurationUnits.Hour}");
        }

        if (mins > 0 || parts.Count == 0)
        {
            parts.Add($"{mins} {DurationUnits.Minute}");
        }

        return string.Join(' ', parts);
    }

    /// <summary>The words of <see cref="Duration"/> and <see cref="TimeLeft"/>, which pages counting down on their own clock use too.</summary>
    public static DurationWords DurationUnits { get; } = new("ngày", "giờ", "phút", "còn", "quá hạn");

    /// <summary>Working time left until due, or past it: "còn 1 giờ 25 phút", "quá hạn 2 ngày".</summary>
    public static string TimeLeft(int minutes, TimeSpan workingDay) =>
        $"{(minutes < 0 ? DurationUnits.Overdue : DurationUnits.Left)} {Duration(minutes, workingDay)}";

    /// <summary>An allotment of working time: "2 giờ làm việc", "1 giờ 30 phút làm việc".</summary>
    public static string WorkingTime(int minutes) => $"{Duration(minutes, TimeSpan.Zero)} làm việc";

    /// <summary>A procedure's standard time: "3 ngày làm việc", "4 giờ làm việc".</summary>
    public static string ProcessingTime(ProcessingTime time) =>
        time.WorkingDays is { } days ? $"{days} ngày làm việc" : WorkingTime(time.WorkingHours!.Value * 60);

    /// <summary>A time of day: "15:00".</summary>
    public static string VietnameseName(this Reference.Role role) => role switch
    {
        Reference.Role.CounterOfficer => "cán bộ tiếp nhận",
        Reference.Role.Volunteer => "tình nguyện viên",
        Reference.Role.Specialist => "chuyên viên",
        Reference.Role.Leader => "lãnh đạo",
        Reference.Role.Administrator => "quản trị viên",
        _ => "cổng dịch vụ công",
    };

    /// <summary>"cấp huyện" or "cấp xã".</summary>
    public static string VietnameseName(this Reference.OfficeLevel level) => level == Reference.OfficeLevel.District ? "cấp huyện" : "cấp xã";

    /// <summary>How the clock resumes after a supplement: "lùi hạn bằng thời gian chờ bổ sung", "tính lại từ đầu khi nhận đủ bổ sung".</summary>
    public static string VietnameseName(this SupplementPolicy policy) => policy == SupplementPolicy.ShiftDueTime
        ? "lùi hạn bằng thời gian chờ bổ sung"
        : "tính lại từ đầu khi nhận đủ bổ sung";

    /// <summary>What a fast-track dossier too late for its day gets: "thời hạn thông thường", "giải quyết nhanh tính tiếp sang ngày sau".</summary>
    public static string VietnameseName(this LateFastTrackReception reception) => reception == LateFastTrackReception.Standard
        ? "thời hạn thông thường"
        : "giải quyết nhanh tính tiếp sang ngày sau";

    /// <summary>The kind of a declaration form field, as the workbook and the administrators' page name it: "Văn bản", "Ngày", ….</summary>
    public static string VietnameseName(this FormFieldType type) => type switch
    {
        FormFieldType.Text => "Văn bản",
        FormFieldType.Date => "Ngày",
        FormFieldType.Number => "Số",
        FormFieldType.Choice => "Lựa chọn",
        FormFieldType.Phone => "Số điện thoại",
        _ => "Số định danh cá nhân",
    };

    /// <summary>
    /// Said beside a due time after the published holiday calendar (<see cref="Calendar.CalendarCoverage.IsProvisional"/>).
    /// </summary>
    public const string Provisional = "tạm tính: lịch nghỉ lễ, Tết của thời gian này chưa được công bố";

    /// <summary>"14:30 ngày 13/09/2022".</summary>
    public static string DateTime(DateTimeOffset local) => local.ToString("HH:mm 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// What the timeline says when the legal deadline is counted again under a new holiday calendar, instants in the
    /// office's time: "Hạn trả kết quả chuyển từ 17:00 ngày 05/01/2027 sang 17:00 ngày 06/01/2027: «reason»"; when the
    /// due time stays and only its nearly-late or overdue point moves, "Hạn trả kết quả giữ nguyên 17:00 ngày
    /// 05/01/2027, các mốc sắp đến hạn và quá hạn được tính lại: «reason»". After an apology, the new appointment
    /// promised to the citizen (<paramref name="appointmentLocal"/>) is said to stay.
    /// </summary>
    public static string DueRevised(DateTimeOffset fromLocal, DateTimeOffset toLocal, DateTimeOffset? appointmentLocal, string reason)
    {
        var moved = fromLocal == toLocal
            ? $"Hạn trả kết quả giữ nguyên {DateTime(toLocal)}, các mốc sắp đến hạn và quá hạn được tính lại: {reason}"
            : $"Hạn trả kết quả chuyển từ {DateTime(fromLocal)} sang {DateTime(toLocal)}: {reason}";
        return appointmentLocal is { } appointment
            ? $"{moved.TrimEnd('.')}. Lịch hẹn trả kết quả mới với công dân ({DateTime(appointment)}) giữ nguyên."
            : moved;
    }

    /// <summary>"09:30".</summary>
    public static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The words of a span of working time: its units, and what goes before time left and time overdue.</summary>
/// <param name="Day">A working day.</param>
/// <param name="Hour">An hour.</param>
/// <param name="Minute">A minute.</param>
/// <param name="Left">Before the time left until due.</param>
/// <param name="Overdue">Before the time past due.</param>
public sealed record DurationWords(string Day, string Hour, string Minute, string Left, string Overdue);
