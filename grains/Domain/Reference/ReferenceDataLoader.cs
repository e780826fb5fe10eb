using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Domain.Reference;

/// <summary>A reference data file that cannot be used; the message names the file, the entry and the field.</summary>
public sealed class ReferenceDataException(string file, string entry, string field, string problem)
    : Exception($"{file}: {entry}: field '{field}': {problem}")
{
    /// <summary>File name.</summary>
    public string File { get; } = file;

    /// <summary>Entry in the file, such as <c>offices[3] (00532)</c>.</summary>
    public string Entry { get; } = entry;

    /// <summary>Field of the entry.</summary>
    public string Field { get; } = field;
}

/// <summary>
/// Parses and validates the reference data files: <c>offices.json</c>, <c>procedures.json</c>, <c>holidays.json</c>,
/// <c>ruleset.json</c> and <c>services.json</c>. Where their text comes from is the caller's business.
/// </summary>
public static class ReferenceDataLoader
{
    /// <summary>File names read from the folder.</summary>
    public const string OfficesFile = "offices.json", ProceduresFile = "procedures.json", HolidaysFile = "holidays.json", RuleSetFile = "ruleset.json";

    /// <summary>File of Project 06's essential online services.</summary>
    public const string ServicesFile = "services.json";

    /// <summary>How many essential online services Project 06 names.</summary>
    public const int EssentialServiceCount = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The names of the files <see cref="Parse"/> reads.</summary>
    public static IReadOnlyList<string> Files { get; } = [OfficesFile, ProceduresFile, HolidaysFile, RuleSetFile, ServicesFile];

    /// <summary>Parses the files whose text <paramref name="text"/> gives by name.</summary>
    /// <param name="text">The text of a file, or an exception saying why it cannot be had.</param>
    /// <exception cref="ReferenceDataException">A file is malformed or inconsistent.</exception>
    public static ReferenceData Parse(Func<string, string> text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var holidaysFile = Read<HolidaysFileDto>(text, HolidaysFile);
        var holidays = LoadHolidays(holidaysFile);
        var offices = LoadOffices(Read<OfficesFileDto>(text, OfficesFile), holidays);
        var procedures = LoadProcedures(Read<ProceduresFileDto>(text, ProceduresFile));
        var ruleSet = LoadRuleSet(Read<RuleSetDto>(text, RuleSetFile));
        var services = LoadServices(Read<ServicesFileDto>(text, ServicesFile));
        CheckFastTrackFits(offices, ruleSet);
        return new ReferenceData(offices, procedures, ruleSet, holidays, services, PublishedThrough(holidaysFile));
    }

    // With late fast-track dossiers given the standard time, a fast-track weekday too short for the fast-track time
    // (or cut off before it opens) would never give it: that is a mistake in the data, not a rule.
    private static void CheckFastTrackFits(List<Office> offices, RuleSet rules)
    {
        if (rules.LateFastTrack != LateFastTrackReception.Standard)
        {
            return;
        }

        foreach (var office in offices)
        {
            foreach (var day in office.FastTrackDays.Order())
            {
                var sessions = office.Calendar.Week.SessionsOn(day);
                if (SlaPolicy.LatestFastTrackStart(sessions, rules) is not null)
                {
                    continue;
                }

                var field = SlaPolicy.LatestFastTrackStart(sessions, rules with { FastTrackCutOff = null }) is null ? "fastTrackWorkingMinutes" : "fastTrackCutOff";
                throw new ReferenceDataException(
                    RuleSetFile,
                    "(root)",
                    field,
                    $"office {office.Code} ({office.Name}) could never give {rules.FastTrackWorkingMinutes} fast-track working minutes on {day} "
                    + $"({string.Join(", ", sessions)}), and lateFastTrackReception is Standard");
            }
        }
    }

    private static T Read<T>(Func<string, string> text, string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text(file), Json)
                ?? throw new ReferenceDataException(file, "(file)", "(root)", "the file is empty");
        }
        catch (JsonException e)
        {
            throw new ReferenceDataException(file, $"line {e.LineNumber + 1}", e.Path ?? "(root)", e.Message);
        }
    }

    // The last day the calendar is published for: the end of the file's last year, or without one, of its last entry's.
    private static DateOnly PublishedThrough(HolidaysFileDto dto)
    {
        if (dto.LastYear is { } year)
        {
            return year is >= 2000 and <= 2100
                ? new DateOnly(year, 12, 31)
                : throw new ReferenceDataException(HolidaysFile, "(root)", "lastYear", $"{year} is not a year between 2000 and 2100");
        }

        static int YearOf(string? date) => date is { Length: >= 4 } && int.TryParse(date[..4], CultureInfo.InvariantCulture, out var year) ? year : 0;
        var years = (dto.DaysOff ?? []).Select(d => YearOf(d.To)).Concat((dto.MakeUpWorkingDays ?? []).Select(d => YearOf(d.Date)))
            .ToList();
        return years.Count > 0 && years.Max() > 0 ? new DateOnly(years.Max(), 12, 31) : DateOnly.MaxValue;
    }

    private static HolidayCalendar LoadHolidays(HolidaysFileDto dto)
    {
        var daysOff = new Dictionary<DateOnly, string>();
        var entries = Required(dto.DaysOff, HolidaysFile, "(root)", "daysOff");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = $"daysOff[{i}]";
            var item = entries[i];
            var name = RequiredText(item.Name, HolidaysFile, entry, "name");
            var from = ParseDate(item.From, HolidaysFile, entry, "from");
            var to = ParseDate(item.To, HolidaysFile, entry, "to");
            if (to < from)
            {
                throw new ReferenceDataException(HolidaysFile, entry, "to", $"{to:yyyy-MM-dd} is before 'from' {from:yyyy-MM-dd}");
            }

            for (var day = from; day <= to; day = day.AddDays(1))
            {
                if (!daysOff.TryAdd(day, name))
                {
                    throw new ReferenceDataException(HolidaysFile, entry, "from", $"{day:yyyy-MM-dd} is already a day off ('{daysOff[day]}')");
                }
            }
        }

        var makeUp = new Dictionary<DateOnly, string>();
        var makeUpEntries = dto.MakeUpWorkingDays ?? [];
        for (var i = 0; i < makeUpEntries.Count; i++)
        {
            var entry = $"makeUpWorkingDays[{i}]";
            var day = ParseDate(makeUpEntries[i].Date, HolidaysFile, entry, "date");
            if (daysOff.ContainsKey(day))
            {
                throw new ReferenceDataException(HolidaysFile, entry, "date", $"{day:yyyy-MM-dd} is also a day off");
            }

            if (!makeUp.TryAdd(day, RequiredText(makeUpEntries[i].Name, HolidaysFile, entry, "name")))
            {
                throw new ReferenceDataException(HolidaysFile, entry, "date", $"{day:yyyy-MM-dd} is listed twice");
            }
        }

        return new HolidayCalendar(daysOff, makeUp);
    }

    private static List<Office> LoadOffices(OfficesFileDto dto, HolidayCalendar holidays)
    {
        var defaults = dto.Defaults ?? new OfficeDto();
        var offices = new List<Office>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var entries = Required(dto.Offices, OfficesFile, "(root)", "offices");
        for (var i = 0; i < entries.Count; i++)
        {
            var item = entries[i];
            var entry = item.Code is null ? $"offices[{i}]" : $"offices[{i}] ({item.Code})";
            var code = RequiredText(item.Code, OfficesFile, entry, "code");
            if (!DossierCodeFormat.IsValidOfficeCode(code))
            {
                throw new ReferenceDataException(OfficesFile, entry, "code", $"'{code}' must be letters, digits and dots only, at most 20 characters");
            }

            if (!codes.Add(code))
            {
                throw new ReferenceDataException(OfficesFile, entry, "code", $"'{code}' is used by an earlier office");
            }

            var name = RequiredText(item.Name, OfficesFile, entry, "name");
            var level = ParseEnum<OfficeLevel>(item.Level, OfficesFile, entry, "level");
            var zoneId = item.TimeZone ?? defaults.TimeZone ?? "Asia/Ho_Chi_Minh";
            TimeZoneInfo zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new ReferenceDataException(OfficesFile, entry, "timeZone", $"'{zoneId}' is not a known time zone");
            }

            var workingDays = ParseDays(item.WorkingDays ?? defaults.WorkingDays, entry, "workingDays");
            var sessions = ParseSessions(item.Sessions ?? defaults.Sessions, entry, "sessions");
            var daySessions = new Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>>();
            foreach (var (day, list) in item.DaySessions ?? defaults.DaySessions ?? [])
            {
                var field = $"daySessions.{day}";
                daySessions[ParseEnum<DayOfWeek>(day, OfficesFile, entry, field)] = ParseSessions(list, entry, field);
            }

            WorkingWeek week;
            try
            {
                week = new WorkingWeek(workingDays, sessions, daySessions);
            }
            catch (ArgumentException e)
            {
                throw new ReferenceDataException(OfficesFile, entry, "sessions", e.Message);
            }

            var fastTrackDays = ParseDays(item.FastTrackDays ?? defaults.FastTrackDays ?? ["Tuesday"], entry, "fastTrackDays");
            foreach (var day in fastTrackDays.Where(d => !week.Works(d)))
            {
                throw new ReferenceDataException(OfficesFile, entry, "fastTrackDays", $"the office does not work on {day}");
            }

            offices.Add(new Office(code, name, level, new WorkingCalendar(zone, week, holidays), fastTrackDays.ToHashSet()));
        }

        return offices;
    }

    private static List<Procedure> LoadProcedures(ProceduresFileDto dto)
    {
        var procedures = new List<Procedure>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var entries = Required(dto.Procedures, ProceduresFile, "(root)", "procedures");
        for (var i = 0; i < entries.Count; i++)
        {
            var item = entries[i];
            var entry = item.Code is null ? $"procedures[{i}]" : $"procedures[{i}] ({item.Code})";
            var code = RequiredText(item.Code, ProceduresFile, entry, "code");
            if (!codes.Add(code))
            {
                throw new ReferenceDataException(ProceduresFile, entry, "code", $"'{code}' is used by an earlier procedure");
            }

            var time = Required(item.ProcessingTime, ProceduresFile, entry, "processingTime");
            if ((time.WorkingDays is null) == (time.WorkingHours is null))
            {
                throw new ReferenceDataException(ProceduresFile, entry, "processingTime", "give exactly one of 'workingDays' and 'workingHours'");
            }

            if (time.WorkingDays is <= 0 || time.WorkingHours is <= 0)
            {
                throw new ReferenceDataException(ProceduresFile, entry, "processingTime", "must be a positive whole number");
            }

            procedures.Add(new Procedure(
                code,
                RequiredText(item.Name, ProceduresFile, entry, "name"),
                ParseEnum<OfficeLevel>(item.Level, ProceduresFile, entry, "level"),
                RequiredText(item.Sector, ProceduresFile, entry, "sector"),
                new ProcessingTime(time.WorkingDays, time.WorkingHours),
                item.Fee ?? string.Empty,
                item.RequiredDocuments ?? [],
                Required(item.FastTrack, ProceduresFile, entry, "fastTrack"),
                Required(item.Illustrative, ProceduresFile, entry, "illustrative"),
                LoadForm(item.Form, entry)));
        }

        return procedures;
    }

    private static List<FormField> LoadForm(List<FormFieldDto>? form, string entry)
    {
        var fields = new List<FormField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (form?.Count ?? 0); i++)
        {
            var item = form![i];
            var where = $"form[{i}]";
            var name = RequiredText(item.Name, ProceduresFile, entry, $"{where}.name");
            if (!names.Add(name))
            {
                throw new ReferenceDataException(ProceduresFile, entry, $"{where}.name", $"'{name}' is used by an earlier field");
            }

            var type = ParseEnum<FormFieldType>(item.Type, ProceduresFile, entry, $"{where}.type");
            var choices = item.Choices ?? [];
            if ((type == FormFieldType.Choice) != (choices.Count > 0))
            {
                throw new ReferenceDataException(ProceduresFile, entry, $"{where}.choices", "a Choice field needs choices, and only a Choice field has them");
            }

            var maxLength = item.MaxLength ?? 200;
            if (maxLength is < 1 or > 2000)
            {
                throw new ReferenceDataException(ProceduresFile, entry, $"{where}.maxLength", "must be between 1 and 2000");
            }

            fields.Add(new FormField(name, RequiredText(item.Label, ProceduresFile, entry, $"{where}.label"), type, item.Required ?? false, maxLength, choices));
        }

        return fields;
    }

    private static RuleSet LoadRuleSet(RuleSetDto dto)
    {
        const string Entry = "(root)";
        var version = RequiredText(dto.Version, RuleSetFile, Entry, "version");
        var fastTrack = Required(dto.FastTrackWorkingMinutes, RuleSetFile, Entry, "fastTrackWorkingMinutes");
        if (fastTrack <= 0)
        {
            throw new ReferenceDataException(RuleSetFile, Entry, "fastTrackWorkingMinutes", "must be positive");
        }

        var fraction = Required(dto.NearlyLateFraction, RuleSetFile, Entry, "nearlyLateFraction");
        if (fraction is <= 0 or >= 1)
        {
            throw new ReferenceDataException(RuleSetFile, Entry, "nearlyLateFraction", "must be between 0 and 1, exclusive");
        }

        var escalation = Required(dto.OverdueEscalationWorkingMinutes, RuleSetFile, Entry, "overdueEscalationWorkingMinutes");
        if (escalation <= 0)
        {
            throw new ReferenceDataException(RuleSetFile, Entry, "overdueEscalationWorkingMinutes", "must be positive");
        }

        var late = dto.LateFastTrackReception is null
            ? LateFastTrackReception.Standard
            : ParseEnum<LateFastTrackReception>(dto.LateFastTrackReception, RuleSetFile, Entry, "lateFastTrackReception");
        TimeOnly? cutOff = null;
        if (dto.FastTrackCutOff is not null)
        {
            if (!TimeOnly.TryParseExact(dto.FastTrackCutOff.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new ReferenceDataException(RuleSetFile, Entry, "fastTrackCutOff", $"'{dto.FastTrackCutOff}' is not a time of day of the form HH:mm");
            }

            // Carried over, a late dossier keeps its fast-track time anyway: a cut-off would change nothing.
            if (late == LateFastTrackReception.CarryOver)
            {
                throw new ReferenceDataException(
                    RuleSetFile, Entry, "fastTrackCutOff", "changes nothing when lateFastTrackReception is CarryOver; remove it or choose Standard");
            }

            cutOff = time;
        }

        return new RuleSet(
            version,
            RequiredText(dto.Name, RuleSetFile, Entry, "name"),
            dto.Basis ?? string.Empty,
            fastTrack,
            fraction,
            escalation,
            ParseEnum<SupplementPolicy>(dto.SupplementPolicy, RuleSetFile, Entry, "supplementPolicy"),
            late,
            cutOff);
    }

    private static List<EssentialService> LoadServices(ServicesFileDto dto)
    {
        var services = new List<EssentialService>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var entries = Required(dto.Services, ServicesFile, "(root)", "services");
        for (var i = 0; i < entries.Count; i++)
        {
            var item = entries[i];
            var entry = item.Id is null ? $"services[{i}]" : $"services[{i}] ({item.Id})";
            var id = RequiredText(item.Id, ServicesFile, entry, "id");
            if (!IsKebabCase(id))
            {
                throw new ReferenceDataException(ServicesFile, entry, "id", $"'{id}' must be lower-case ASCII letters and digits in words joined by single hyphens, at most 60 characters");
            }

            if (!ids.Add(id))
            {
                throw new ReferenceDataException(ServicesFile, entry, "id", $"'{id}' is used by an earlier service");
            }

            var name = RequiredText(item.Name, ServicesFile, entry, "name");
            if (!name.IsNormalized(NormalizationForm.FormC))
            {
                throw new ReferenceDataException(ServicesFile, entry, "name", "must be written with precomposed Vietnamese letters (Unicode NFC)");
            }

            if (name.Length > 200)
            {
                throw new ReferenceDataException(ServicesFile, entry, "name", "is longer than 200 characters: it is printed under a QR code");
            }

            var path = RequiredText(item.Path, ServicesFile, entry, "path");
            if (PathProblem(path) is { } problem)
            {
                throw new ReferenceDataException(ServicesFile, entry, "path", $"'{path}' {problem}");
            }

            services.Add(new EssentialService(id, name, path, Required(item.Illustrative, ServicesFile, entry, "illustrative")));
        }

        if (services.Count != EssentialServiceCount)
        {
            throw new ReferenceDataException(ServicesFile, "(root)", "services", $"lists {services.Count} services; Project 06 names {EssentialServiceCount}");
        }

        return services;
    }

    private static bool IsKebabCase(string id) =>
        id.Length <= 60
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && id.Split('-').All(word => word.Length > 0);

    // A service's path is joined to the portal's address, so it must stay under it: relative, no '..', nothing to escape.
    private static string? PathProblem(string path)
    {
        if (!path.All(c => c is > ' ' and < '\u007f'))
        {
            return "must be printable ASCII without spaces (percent-encode anything else)";
        }

        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || !Uri.TryCreate(path, UriKind.Relative, out _))
        {
            return "must be a path relative to the portal's address, such as 'dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193'";
        }

        var segments = path.Split('?', '#')[0].Split('/');
        return segments.Any(s => s is "." or "..") ? "must not climb out of the portal's address with '.' or '..'" : null;
    }

    private static List<DayOfWeek> ParseDays(List<string>? days, string entry, string field)
    {
        var list = Required(days, OfficesFile, entry, field);
        return [.. list.Select((d, i) => ParseEnum<DayOfWeek>(d, OfficesFile, entry, $"{field}[{i}]"))];
    }

    private static List<WorkingSession> ParseSessions(List<string>? sessions, string entry, string field)
    {
        var list = Required(sessions, OfficesFile, entry, field);
        if (list.Count == 0)
        {
            throw new ReferenceDataException(OfficesFile, entry, field, "needs at least one session");
        }

        var parsed = new List<WorkingSession>();
        for (var i = 0; i < list.Count; i++)
        {
            try
            {
                parsed.Add(WorkingSession.Parse(list[i]));
            }
            catch (FormatException e)
            {
                throw new ReferenceDataException(OfficesFile, entry, $"{field}[{i}]", e.Message);
            }
        }

        return parsed;
    }

    private static T Required<T>(T? value, string file, string entry, string field)
        where T : class =>
        value ?? throw new ReferenceDataException(file, entry, field, "is required");

    private static T Required<T>(T? value, string file, string entry, string field)
        where T : struct =>
        value ?? throw new ReferenceDataException(file, entry, field, "is required");

    private static string RequiredText(string? value, string file, string entry, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ReferenceDataException(file, entry, field, "is required") : value.Trim();

    private static DateOnly ParseDate(string? value, string file, string entry, string field) =>
        DateOnly.TryParseExact(RequiredText(value, file, entry, field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new ReferenceDataException(file, entry, field, $"'{value}' is not a date of the form yyyy-MM-dd");

    private static T ParseEnum<T>(string? value, string file, string entry, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(RequiredText(value, file, entry, field), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new ReferenceDataException(file, entry, field, $"'{value}' is not one of {string.Join(", ", Enum.GetNames<T>())}");

    private sealed record ServicesFileDto(string? Note, List<ServiceDto>? Services);

    private sealed record ServiceDto(string? Id, string? Name, string? Path, bool? Illustrative);

    private sealed record OfficesFileDto(string? Note, OfficeDto? Defaults, List<OfficeDto>? Offices);

    private sealed record OfficeDto(
        string? Code = null,
        string? Name = null,
        string? Level = null,
        string? TimeZone = null,
        List<string>? WorkingDays = null,
        List<string>? Sessions = null,
        Dictionary<string, List<string>>? DaySessions = null,
        List<string>? FastTrackDays = null);

    private sealed record ProceduresFileDto(string? Note, List<ProcedureDto>? Procedures);

    private sealed record ProcedureDto(
        string? Code,
        string? Name,
        string? Level,
        string? Sector,
        ProcessingTimeDto? ProcessingTime,
        string? Fee,
        List<string>? RequiredDocuments,
        bool? FastTrack,
        bool? Illustrative,
        List<FormFieldDto>? Form);

    private sealed record FormFieldDto(string? Name, string? Label, string? Type, bool? Required, int? MaxLength, List<string>? Choices);

    private sealed record ProcessingTimeDto(int? WorkingDays, int? WorkingHours);

    private sealed record HolidaysFileDto(string? Note, int? FirstYear, int? LastYear, List<DayOffDto>? DaysOff, List<MakeUpDayDto>? MakeUpWorkingDays, Dictionary<string, string>? Notices = null);

    private sealed record DayOffDto(string? From, string? To, string? Name);

    private sealed record MakeUpDayDto(string? Date, string? Name);

    private sealed record RuleSetDto(
        string? Version,
        string? Name,
        string? Basis,
        int? FastTrackWorkingMinutes,
        double? NearlyLateFraction,
        int? OverdueEscalationWorkingMinutes,
        string? SupplementPolicy,
        string? Note,
        string? LateFastTrackReception = null,
        string? FastTrackCutOff = null);
}
