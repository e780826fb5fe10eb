using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Calendar;

/// <summary>A run of national days off, with its name (Tết Nguyên đán Đinh Mùi, Quốc khánh 2/9, …).</summary>
/// <param name="From">First day off.</param>
/// <param name="To">Last day off.</param>
/// <param name="Name">What it is, as the notice names it.</param>
public sealed record DayOffEntry(DateOnly From, DateOnly To, string Name);

/// <summary>A Saturday (or Sunday) worked in exchange for a weekday off.</summary>
/// <param name="Date">The day worked.</param>
/// <param name="Name">What it makes up for.</param>
public sealed record MakeUpDayEntry(DateOnly Date, string Name);

/// <summary>
/// One year's holiday schedule as the government's notice sets it: the days off (a run that crosses the new year,
/// such as the New Year's day off of 31/12–02/01, belongs to the year it ends in), the make-up working days, and the
/// notice that decided them.
/// </summary>
/// <param name="Year">The year.</param>
/// <param name="DaysOff">Its days off.</param>
/// <param name="MakeUpWorkingDays">Its make-up working days.</param>
/// <param name="Notice">The notice or decision (số hiệu văn bản), when one was recorded.</param>
public sealed record HolidayYear(int Year, IReadOnlyList<DayOffEntry> DaysOff, IReadOnlyList<MakeUpDayEntry> MakeUpWorkingDays, string? Notice);

/// <summary>
/// Reads and changes one year of the holiday file (<see cref="ReferenceDataLoader.HolidaysFile"/>, the shipped format),
/// and checks a year's schedule as an administrator enters it, with Vietnamese messages keyed by the request's fields.
/// </summary>
public static class HolidayYears
{
    /// <summary>Earliest year that can be entered.</summary>
    public const int FirstYear = 2000;

    /// <summary>Latest year that can be entered.</summary>
    public const int LastYear = 2100;

    /// <summary>Most entries of one kind in a year.</summary>
    public const int MaxEntries = 60;

    /// <summary>Longest name or notice.</summary>
    public const int MaxText = 300;

    /// <summary>The request's field names.</summary>
    public const string DaysOffKey = "daysOff", MakeUpKey = "makeUpWorkingDays", NoticeKey = "notice", ReasonKey = "reason";

    /// <summary>The years the file publishes: from its <c>firstYear</c> to its <c>lastYear</c>.</summary>
    public static (int First, int Last) Published(string holidaysFile)
    {
        var root = Root(holidaysFile);
        return ((int?)root["firstYear"] ?? FirstYear, (int?)root["lastYear"] ?? FirstYear);
    }

    /// <summary>The last day the file's calendar is published for: 31 December of its last year.</summary>
    public static DateOnly PublishedThrough(string holidaysFile) => new(Published(holidaysFile).Last, 12, 31);

    /// <summary>Year <paramref name="year"/> of the file; empty lists for a year not entered.</summary>
    public static HolidayYear Read(string holidaysFile, int year)
    {
        var root = Root(holidaysFile);
        var daysOff = Entries(root, DaysOffKey)
            .Select(e => new DayOffEntry(Date(e["from"]), Date(e["to"]), (string)e["name"]!))
            .Where(d => d.To.Year == year)
            .OrderBy(d => d.From)
            .ToList();
        var makeUp = Entries(root, MakeUpKey)
            .Select(e => new MakeUpDayEntry(Date(e["date"]), (string)e["name"]!))
            .Where(d => d.Date.Year == year)
            .OrderBy(d => d.Date)
            .ToList();
        var notice = root["notices"]?[year.ToString(CultureInfo.InvariantCulture)] is { } n ? (string?)n : null;
        return new HolidayYear(year, daysOff, makeUp, notice);
    }

    /// <summary>
    /// What is wrong with <paramref name="year"/> as the new schedule of its year in <paramref name="holidaysFile"/>:
    /// each problem in Vietnamese under the request's field (<c>daysOff[2].to</c>, <c>makeUpWorkingDays[0].date</c>, …).
    /// </summary>
    public static FieldErrors Check(string holidaysFile, HolidayYear year, string? reason)
    {
        ArgumentNullException.ThrowIfNull(year);
        var errors = new FieldErrors();
        if (year.Year is < FirstYear or > LastYear)
        {
            return errors.Add("year", $"Năm phải từ {FirstYear} đến {LastYear}.");
        }

        errors.Add(ReasonKey, string.IsNullOrWhiteSpace(reason) ? "Hãy ghi lý do thay đổi (ví dụ: theo thông báo nghỉ lễ, Tết của năm)." : TooLong("Lý do", reason));
        errors.Add(NoticeKey, year.Notice is { } notice ? TooLong("Số hiệu văn bản", notice) : null);
        if (year.DaysOff.Count > MaxEntries)
        {
            errors.Add(DaysOffKey, $"Tối đa {MaxEntries} đợt nghỉ trong một năm.");
        }

        if (year.MakeUpWorkingDays.Count > MaxEntries)
        {
            errors.Add(MakeUpKey, $"Tối đa {MaxEntries} ngày làm bù trong một năm.");
        }

        // The days of the other years stay: an entry of this year may not take one of theirs.
        var root = Root(holidaysFile);
        var taken = new Dictionary<DateOnly, string>();
        foreach (var entry in Entries(root, DaysOffKey))
        {
            var (from, to, name) = (Date(entry["from"]), Date(entry["to"]), (string)entry["name"]!);
            if (to.Year != year.Year)
            {
                for (var day = from; day <= to; day = day.AddDays(1))
                {
                    taken[day] = name;
                }
            }
        }

        for (var i = 0; i < year.DaysOff.Count; i++)
        {
            var key = $"{DaysOffKey}[{i}]";
            var entry = year.DaysOff[i];
            errors.Add($"{key}.name", string.IsNullOrWhiteSpace(entry.Name) ? "Hãy ghi tên ngày nghỉ (ví dụ: Tết Nguyên đán)." : TooLong("Tên ngày nghỉ", entry.Name));
            if (entry.To < entry.From)
            {
                errors.Add($"{key}.to", $"Ngày kết thúc {Day(entry.To)} ở trước ngày bắt đầu {Day(entry.From)}.");
                continue;
            }

            if (entry.To.Year != year.Year)
            {
                errors.Add($"{key}.to", $"Đợt nghỉ của năm {year.Year} phải kết thúc trong năm {year.Year} (ngày {Day(entry.To)}).");
                continue;
            }

            if (entry.From < new DateOnly(year.Year - 1, 12, 1))
            {
                errors.Add($"{key}.from", $"Đợt nghỉ chỉ được bắt đầu từ tháng 12 năm trước (ngày {Day(entry.From)} quá sớm).");
                continue;
            }

            for (var day = entry.From; day <= entry.To; day = day.AddDays(1))
            {
                if (!taken.TryAdd(day, entry.Name))
                {
                    errors.Add($"{key}.from", $"Ngày {Day(day)} đã là ngày nghỉ «{taken[day]}»: các đợt nghỉ không được trùng nhau.");
                    break;
                }
            }
        }

        var worked = new HashSet<DateOnly>();
        for (var i = 0; i < year.MakeUpWorkingDays.Count; i++)
        {
            var key = $"{MakeUpKey}[{i}]";
            var entry = year.MakeUpWorkingDays[i];
            errors.Add($"{key}.name", string.IsNullOrWhiteSpace(entry.Name) ? "Hãy ghi ngày làm bù thay cho ngày nghỉ nào." : TooLong("Tên ngày làm bù", entry.Name));
            if (entry.Date.Year != year.Year)
            {
                errors.Add($"{key}.date", $"Ngày làm bù {Day(entry.Date)} không thuộc năm {year.Year}.");
            }
            else if (taken.TryGetValue(entry.Date, out var off))
            {
                errors.Add($"{key}.date", $"Ngày {Day(entry.Date)} vừa là ngày nghỉ «{off}» vừa là ngày làm bù.");
            }
            else if (!worked.Add(entry.Date))
            {
                errors.Add($"{key}.date", $"Ngày làm bù {Day(entry.Date)} được ghi hai lần.");
            }
        }

        return errors;
    }

    /// <summary>
    /// The holiday file with <paramref name="year"/> in place of what it had for that year; its published years grow to
    /// include it. Check the year first (<see cref="Check"/>).
    /// </summary>
    public static string With(string holidaysFile, HolidayYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var root = Root(holidaysFile);
        var daysOff = Entries(root, DaysOffKey)
            .Where(e => Date(e["to"]).Year != year.Year)
            .Select(e => (Start: Date(e["from"]), Node: e.DeepClone()))
            .Concat(year.DaysOff.Select(d => (Start: d.From, Node: (JsonNode)new JsonObject { ["from"] = Text(d.From), ["to"] = Text(d.To), ["name"] = d.Name.Trim() })))
            .OrderBy(e => e.Start)
            .Select(e => e.Node);
        var makeUp = Entries(root, MakeUpKey)
            .Where(e => Date(e["date"]).Year != year.Year)
            .Select(e => (Day: Date(e["date"]), Node: e.DeepClone()))
            .Concat(year.MakeUpWorkingDays.Select(d => (Day: d.Date, Node: (JsonNode)new JsonObject { ["date"] = Text(d.Date), ["name"] = d.Name.Trim() })))
            .OrderBy(e => e.Day)
            .Select(e => e.Node);
        root[DaysOffKey] = new JsonArray([.. daysOff]);
        root[MakeUpKey] = new JsonArray([.. makeUp]);
        var (first, last) = Published(holidaysFile);
        root["firstYear"] = Math.Min(first, year.Year);
        root["lastYear"] = Math.Max(last, year.Year);

        // The notices stay a property of the file, left out when none is recorded.
        var key = year.Year.ToString(CultureInfo.InvariantCulture);
        if (root["notices"] is not JsonObject notices)
        {
            root["notices"] = notices = [];
        }

        notices.Remove(key);
        if (!string.IsNullOrWhiteSpace(year.Notice))
        {
            notices[key] = year.Notice.Trim();
        }

        if (notices.Count == 0)
        {
            root.Remove("notices");
        }

        return root.ToJsonString(Indented);
    }

    /// <summary>A day as the pages write it: dd/MM/yyyy.</summary>
    public static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>What changed, in Vietnamese, for the change's audit note.</summary>
    public static string Summary(HolidayYear before, HolidayYear after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var added = DaysOff(after).Except(DaysOff(before)).Order().ToList();
        var removed = DaysOff(before).Except(DaysOff(after)).Order().ToList();
        var worked = after.MakeUpWorkingDays.Select(d => d.Date).Except(before.MakeUpWorkingDays.Select(d => d.Date)).Order().ToList();
        var unworked = before.MakeUpWorkingDays.Select(d => d.Date).Except(after.MakeUpWorkingDays.Select(d => d.Date)).Order().ToList();
        var parts = new List<string>();
        void Say(string what, List<DateOnly> days)
        {
            if (days.Count > 0)
            {
                parts.Add($"{what} {string.Join(", ", days.Select(Day))}");
            }
        }

        Say("thêm ngày nghỉ", added);
        Say("bỏ ngày nghỉ", removed);
        Say("thêm ngày làm bù", worked);
        Say("bỏ ngày làm bù", unworked);
        return $"Lịch nghỉ lễ, Tết năm {after.Year}: " + (parts.Count > 0 ? string.Join("; ", parts) : "đổi tên hoặc văn bản, không đổi ngày nào");
    }

    /// <summary>The first day whose working time differs between the two years, or null when none does.</summary>
    public static DateOnly? FirstChangedDay(HolidayYear before, HolidayYear after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changed = DaysOff(before).ToHashSet();
        changed.SymmetricExceptWith(DaysOff(after));
        var worked = before.MakeUpWorkingDays.Select(d => d.Date).ToHashSet();
        worked.SymmetricExceptWith(after.MakeUpWorkingDays.Select(d => d.Date));
        changed.UnionWith(worked);
        return changed.Count > 0 ? changed.Min() : null;
    }

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Every day off of the year's runs.
    private static IEnumerable<DateOnly> DaysOff(HolidayYear year) =>
        year.DaysOff.SelectMany(d => Enumerable.Range(0, d.To.DayNumber - d.From.DayNumber + 1).Select(d.From.AddDays));

    private static string? TooLong(string label, string text) =>
        text.Trim().Length > MaxText ? $"{label} dài quá {MaxText} ký tự." : null;

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(JsonNode? node) =>
        DateOnly.ParseExact((string)node!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonObject Root(string holidaysFile) =>
        JsonNode.Parse(holidaysFile) as JsonObject ?? throw new ReferenceDataException(ReferenceDataLoader.HolidaysFile, "(file)", "(root)", "is not a JSON object");

    private static IEnumerable<JsonNode> Entries(JsonObject root, string key) =>
        (root[key] as JsonArray ?? []).OfType<JsonNode>();
}
