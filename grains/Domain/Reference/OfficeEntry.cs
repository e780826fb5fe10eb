using System.Text.Json;
using System.Text.Json.Nodes;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Domain.Reference;

/// <summary>
/// An office as <c>offices.json</c> and an administrator write it, before its checks. What an office leaves out, the
/// file's <c>defaults</c> give.
/// </summary>
/// <param name="Code">Unit code.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="TimeZone">IANA time zone (Asia/Ho_Chi_Minh).</param>
/// <param name="WorkingDays">Weekdays it works (Saturday included for an office open on Saturday mornings).</param>
/// <param name="Sessions">Sessions of an ordinary working day, and of a make-up working day: "08:00-12:00".</param>
/// <param name="DaySessions">Sessions of the weekdays that differ, such as Saturday's "08:00-11:30".</param>
/// <param name="FastTrackDays">Weekdays of the fast-track reception (Tuesday by default).</param>
public sealed record OfficeEntry(
    string? Code = null,
    string? Name = null,
    string? Level = null,
    string? TimeZone = null,
    IReadOnlyList<string>? WorkingDays = null,
    IReadOnlyList<string>? Sessions = null,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? DaySessions = null,
    IReadOnlyList<string>? FastTrackDays = null);

/// <summary>
/// The offices as entries: the checks of one entry (each rule once, in English and Vietnamese), the office it makes, the
/// entry of an office, <c>offices.json</c> with one office in place, and whether every office's fast-track days can give
/// the rule set's fast-track time.
/// </summary>
public static class OfficeEntries
{
    /// <summary>The time zone of an office that names none, when the file's defaults name none either.</summary>
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";

    /// <summary>
    /// The office <paramref name="entry"/> makes, what it leaves out taken from <paramref name="defaults"/>; null when it
    /// breaks a rule, each broken rule added to <paramref name="problems"/>.
    /// </summary>
    public static Office? Read(OfficeEntry entry, OfficeEntry defaults, HolidayCalendar holidays, EntryProblems problems)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        if (!problems.Note(EntryRules.RequiredText(entry.Code, "code", "Hãy ghi mã đơn vị.")) && !DossierCodeFormat.IsValidOfficeCode(entry.Code!.Trim()))
        {
            problems.Add(new EntryProblem(
                "code",
                $"'{entry.Code}' must be letters, digits and dots only, at most 20 characters",
                $"Mã đơn vị {FieldRules.Quoted(entry.Code)} chỉ được gồm chữ cái, chữ số và dấu chấm, tối đa 20 ký tự."));
        }

        problems.Note(EntryRules.RequiredText(entry.Name, "name", "Hãy ghi tên đơn vị."));
        var level = EntryRules.OneOf<OfficeLevel>(entry.Level, "level", "Cấp của đơn vị", problems);
        var zone = ReadZone(entry.TimeZone ?? defaults.TimeZone ?? DefaultTimeZone, problems);
        var workingDays = ReadDays(entry.WorkingDays ?? defaults.WorkingDays, "workingDays", "ngày làm việc", problems);
        var sessions = ReadSessions(entry.Sessions ?? defaults.Sessions, "sessions", problems);
        var daySessions = new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>>();
        foreach (var (name, list) in entry.DaySessions ?? defaults.DaySessions ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            var field = $"daySessions.{name}";
            var day = EntryRules.OneOf<DayOfWeek>(name, field, "Thứ trong tuần", problems);
            if (ReadSessions(list, field, problems) is { } parsed && day is { } weekday)
            {
                daySessions[weekday] = parsed;
                if (workingDays is not null && !workingDays.Contains(weekday))
                {
                    problems.Add(new EntryProblem(
                        field, $"the office does not work on {weekday}", $"Đơn vị không làm việc vào {EntryRules.Weekday(weekday)}: hãy thêm ngày đó vào ngày làm việc hoặc bỏ giờ làm việc của ngày đó."));
                }
            }
        }

        var fastTrackDays = ReadDays(entry.FastTrackDays ?? defaults.FastTrackDays ?? ["Tuesday"], "fastTrackDays", "ngày giải quyết nhanh", problems);
        foreach (var day in (fastTrackDays ?? []).Where(d => workingDays is not null && !workingDays.Contains(d)))
        {
            problems.Add(new EntryProblem(
                "fastTrackDays", $"the office does not work on {day}", $"Đơn vị không làm việc vào {EntryRules.Weekday(day)} nên không thể nhận hồ sơ giải quyết nhanh ngày đó."));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var week = new WorkingWeek(workingDays!, sessions!, daySessions);
        return new Office(entry.Code!.Trim(), entry.Name!.Trim(), level!.Value, new WorkingCalendar(zone!, week, holidays), fastTrackDays!.ToHashSet());
    }

    /// <summary>The problem of an office code used by an earlier entry of the same file.</summary>
    public static EntryProblem DuplicateCode(string code) =>
        new("code", $"'{code}' is used by an earlier office", $"Mã đơn vị {FieldRules.Quoted(code)} đã có ở một đơn vị trước.");

    /// <summary>The entry of <paramref name="office"/>, written out in full: what the administration shows and writes.</summary>
    public static OfficeEntry Of(Office office)
    {
        ArgumentNullException.ThrowIfNull(office);
        var week = office.Calendar.Week;
        var days = Enum.GetValues<DayOfWeek>().OrderBy(d => ((int)d + 6) % 7).Where(week.Works).ToList();
        var differing = days.Where(d => !week.SessionsOn(d).SequenceEqual(week.Sessions)).ToList();
        return new OfficeEntry(
            office.Code,
            office.Name,
            office.Level.ToString(),
            office.Calendar.TimeZone.Id,
            [.. days.Select(d => d.ToString())],
            [.. week.Sessions.Select(s => s.ToString())],
            differing.Count > 0 ? differing.ToDictionary(d => d.ToString(), d => (IReadOnlyList<string>)[.. week.SessionsOn(d).Select(s => s.ToString())]) : null,
            [.. days.Where(office.FastTrackDays.Contains).Select(d => d.ToString())]);
    }

    /// <summary>The file's <c>defaults</c>, or none.</summary>
    public static OfficeEntry Defaults(string officesFile) =>
        (JsonNode.Parse(officesFile) as JsonObject)?["defaults"]?.Deserialize<OfficeEntry>(ReferenceJson.Written) ?? new OfficeEntry();

    /// <summary><paramref name="officesFile"/> with <paramref name="office"/> in place of the office of its code, or added last.</summary>
    public static string With(string officesFile, Office office)
    {
        ArgumentNullException.ThrowIfNull(office);
        var root = JsonNode.Parse(officesFile) as JsonObject ?? [];
        var offices = root["offices"] as JsonArray ?? [];
        var node = JsonSerializer.SerializeToNode(Of(office), ReferenceJson.Written);
        var index = offices.Select((o, i) => (o, i)).FirstOrDefault(p => (string?)p.o?["code"] == office.Code, (null, -1)).Item2;
        if (index >= 0)
        {
            offices[index] = node;
        }
        else
        {
            offices.Add(node);
        }

        root["offices"] = offices.DeepClone();
        return root.ToJsonString(ReferenceJson.Written);
    }

    /// <summary>
    /// The first of <paramref name="offices"/>' fast-track days on which no clock could ever give
    /// <paramref name="rules"/>' fast-track time (the day is too short, or the cut-off comes before it opens), while a
    /// late fast-track dossier gets the standard time: a mistake in the data, not a rule. Null when there is none.
    /// </summary>
    public static UnreachableFastTrackDay? FirstUnreachableFastTrackDay(IEnumerable<Office> offices, RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(offices);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.LateFastTrack != LateFastTrackReception.Standard)
        {
            return null;
        }

        foreach (var office in offices)
        {
            foreach (var day in office.FastTrackDays.Order())
            {
                var sessions = office.Calendar.Week.SessionsOn(day);
                if (SlaPolicy.LatestFastTrackStart(sessions, rules) is null)
                {
                    var tooShort = SlaPolicy.LatestFastTrackStart(sessions, rules with { FastTrackCutOff = null }) is null;
                    return new UnreachableFastTrackDay(office, day, sessions, rules, tooShort);
                }
            }
        }

        return null;
    }

    private static TimeZoneInfo? ReadZone(string zoneId, EntryProblems problems)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add(new EntryProblem("timeZone", $"'{zoneId}' is not a known time zone", $"Múi giờ {FieldRules.Quoted(zoneId)} không có."));
            return null;
        }
    }

    private static List<DayOfWeek>? ReadDays(IReadOnlyList<string>? days, string field, string subject, EntryProblems problems)
    {
        if (problems.Note(EntryRules.Required(days, field, $"Hãy ghi các {subject} trong tuần.")))
        {
            return null;
        }

        var before = problems.Count;
        var parsed = days!.Select((d, i) => EntryRules.OneOf<DayOfWeek>(d, $"{field}[{i}]", "Thứ trong tuần", problems)).ToList();
        return problems.Count > before ? null : [.. parsed.Select(d => d!.Value)];
    }

    private static List<WorkingSession>? ReadSessions(IReadOnlyList<string>? sessions, string field, EntryProblems problems)
    {
        if (sessions is null || sessions.Count == 0)
        {
            problems.Add(new EntryProblem(
                field, sessions is null ? "is required" : "needs at least one session", "Hãy ghi ít nhất một buổi làm việc, như 08:00-12:00."));
            return null;
        }

        var parsed = new List<WorkingSession>();
        for (var i = 0; i < sessions.Count; i++)
        {
            var text = sessions[i];
            switch (WorkingSession.TryParse(text, out var session))
            {
                case WorkingSessionError.None:
                    parsed.Add(session);
                    break;
                case WorkingSessionError.EndsBeforeStart:
                    problems.Add(new EntryProblem(
                        $"{field}[{i}]",
                        $"'{text}' ends before it starts.",
                        $"Buổi {FieldRules.Quoted(text)} kết thúc trước khi bắt đầu: một buổi làm việc bắt đầu và kết thúc trong cùng một ngày, không qua nửa đêm."));
                    break;
                default:
                    problems.Add(new EntryProblem(
                        $"{field}[{i}]",
                        $"'{text}' is not a session of the form HH:mm-HH:mm.",
                        $"Buổi {FieldRules.Quoted(text ?? string.Empty)} phải viết giờ bắt đầu-giờ kết thúc, như 08:00-12:00."));
                    break;
            }
        }

        if (parsed.Count == sessions.Count && WorkingWeek.FirstOverlap(parsed) is var (earlier, later))
        {
            problems.Add(new EntryProblem(field, $"Sessions {earlier} and {later} overlap.", $"Buổi {earlier} và buổi {later} trùng giờ nhau."));
            return null;
        }

        return parsed.Count == sessions.Count ? parsed : null;
    }
}

/// <summary>A fast-track weekday of an office on which no dossier could ever get the fast-track time.</summary>
/// <param name="Office">The office.</param>
/// <param name="Day">The weekday.</param>
/// <param name="Sessions">Its sessions that day.</param>
/// <param name="Rules">The rule set.</param>
/// <param name="TooShort">The day is too short for the time (else the cut-off comes before it opens).</param>
public sealed record UnreachableFastTrackDay(Office Office, DayOfWeek Day, IReadOnlyList<WorkingSession> Sessions, RuleSet Rules, bool TooShort)
{
    /// <summary>The rule set's field to blame: the fast-track time, or the cut-off.</summary>
    public string RuleSetField => TooShort ? "fastTrackWorkingMinutes" : "fastTrackCutOff";

    /// <summary>For the file's error line.</summary>
    public string English =>
        $"office {Office.Code} ({Office.Name}) could never give {Rules.FastTrackWorkingMinutes} fast-track working minutes on {Day} "
        + $"({string.Join(", ", Sessions)}), and lateFastTrackReception is Standard";

    /// <summary>For the administrator.</summary>
    public string Vietnamese =>
        $"Đơn vị {Office.Code} ({Office.Name}) không bao giờ giải quyết nhanh được trong {Rules.FastTrackWorkingMinutes} phút làm việc vào {EntryRules.Weekday(Day)} "
        + $"(giờ làm việc {string.Join(", ", Sessions)}"
        + (TooShort ? string.Empty : $", giờ chốt {Rules.FastTrackCutOff:HH:mm}")
        + "), trong khi hồ sơ nhận muộn được tính thời hạn thông thường (Standard).";
}
