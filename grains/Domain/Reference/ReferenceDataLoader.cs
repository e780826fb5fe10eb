using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseEngine.Domain.Calendar;

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
        var ruleSet = LoadRuleSet(Read<RuleSetEntry>(text, RuleSetFile));
        var services = LoadServices(Read<ServicesFileDto>(text, ServicesFile));
        CheckFastTrackFits(offices, ruleSet);
        return new ReferenceData(offices, procedures, ruleSet, holidays, services, PublishedThrough(holidaysFile));
    }

    private static void CheckFastTrackFits(List<Office> offices, RuleSet rules)
    {
        if (OfficeEntries.FirstUnreachableFastTrackDay(offices, rules) is { } miss)
        {
            throw new ReferenceDataException(RuleSetFile, "(root)", miss.RuleSetField, miss.English);
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
        var defaults = dto.Defaults ?? new OfficeEntry();
        var offices = new List<Office>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var entries = Required(dto.Offices, OfficesFile, "(root)", "offices");
        for (var i = 0; i < entries.Count; i++)
        {
            var item = entries[i];
            var entry = item.Code is null ? $"offices[{i}]" : $"offices[{i}] ({item.Code})";
            var problems = new EntryProblems();
            var office = OfficeEntries.Read(item, defaults, holidays, problems);
            if (office is not null && !codes.Add(office.Code))
            {
                problems.Add(OfficeEntries.DuplicateCode(office.Code));
            }

            ThrowFirst(problems, OfficesFile, entry);
            offices.Add(office!);
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
            var problems = new EntryProblems();
            var procedure = ProcedureEntries.Read(item, problems);
            if (procedure is not null && !codes.Add(procedure.Code))
            {
                problems.Add(ProcedureEntries.DuplicateCode(procedure.Code));
            }

            ThrowFirst(problems, ProceduresFile, entry);
            procedures.Add(procedure!);
        }

        return procedures;
    }

    private static RuleSet LoadRuleSet(RuleSetEntry dto)
    {
        var problems = new EntryProblems();
        var rules = RuleSetEntries.Read(dto, problems);
        ThrowFirst(problems, RuleSetFile, "(root)");
        return rules!;
    }

    private static void ThrowFirst(EntryProblems problems, string file, string entry)
    {
        if (problems.Count > 0)
        {
            throw new ReferenceDataException(file, entry, problems[0].Field, problems[0].English);
        }
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

    private sealed record ServicesFileDto(string? Note, List<ServiceDto>? Services);

    private sealed record ServiceDto(string? Id, string? Name, string? Path, bool? Illustrative);

    private sealed record OfficesFileDto(string? Note, OfficeEntry? Defaults, List<OfficeEntry>? Offices);

    private sealed record ProceduresFileDto(string? Note, List<ProcedureEntry>? Procedures);

    private sealed record HolidaysFileDto(string? Note, int? FirstYear, int? LastYear, List<DayOffDto>? DaysOff, List<MakeUpDayDto>? MakeUpWorkingDays, Dictionary<string, string>? Notices = null);

    private sealed record DayOffDto(string? From, string? To, string? Name);

    private sealed record MakeUpDayDto(string? Date, string? Name);
}
