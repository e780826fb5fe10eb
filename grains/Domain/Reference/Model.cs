using CaseEngine.Domain.Calendar;

namespace CaseEngine.Domain.Reference;

/// <summary>Administrative level of an office or a procedure.</summary>
public enum OfficeLevel
{
    /// <summary>District People's Committee (UBND huyện).</summary>
    District,

    /// <summary>Commune or town People's Committee (UBND xã, thị trấn).</summary>
    Commune,
}

/// <summary>A one-stop office (Bộ phận Một cửa).</summary>
/// <param name="Code">Unit code (statistics code), used in dossier codes.</param>
/// <param name="Name">Name with diacritics.</param>
/// <param name="Level">District or commune.</param>
/// <param name="Calendar">The office's working time.</param>
/// <param name="FastTrackDays">Weekdays on which fast-track procedures handed in at the counter get the short deadline.</param>
public sealed record Office(string Code, string Name, OfficeLevel Level, WorkingCalendar Calendar, IReadOnlySet<DayOfWeek> FastTrackDays);

/// <summary>Standard processing time of a procedure: either working days or working hours.</summary>
/// <param name="WorkingDays">Working days, counted by the working-day rule; <see langword="null"/> when given in hours.</param>
/// <param name="WorkingHours">Working hours, walked through working intervals; <see langword="null"/> when given in days.</param>
public sealed record ProcessingTime(int? WorkingDays, int? WorkingHours)
{
    /// <summary>The due instant for a dossier received at <paramref name="received"/>.</summary>
    public DateTimeOffset DueFrom(WorkingCalendar calendar, DateTimeOffset received) =>
        WorkingDays is { } days ? calendar.AddWorkingDays(received, days) : calendar.AddWorkingMinutes(received, WorkingHours!.Value * 60);

    /// <inheritdoc />
    public override string ToString() => WorkingDays is { } days ? $"{days} working days" : $"{WorkingHours} working hours";
}

/// <summary>An administrative procedure (thủ tục hành chính) of the catalogue.</summary>
/// <param name="Code">National procedure code, such as <c>1.001193.000.00.00.H29</c>.</param>
/// <param name="Name">Name with diacritics.</param>
/// <param name="Level">Authority that resolves it.</param>
/// <param name="Sector">Sector (lĩnh vực).</param>
/// <param name="ProcessingTime">Standard processing time.</param>
/// <param name="Fee">Fee as published.</param>
/// <param name="RequiredDocuments">Documents the applicant hands in.</param>
/// <param name="FastTrack">Whether the procedure is on the fast-track list.</param>
/// <param name="Illustrative">Whether the entry is an example rather than a verified official one.</param>
/// <param name="Form">Fields of its declaration form (tờ khai), filled in for the citizen.</param>
public sealed record Procedure(
    string Code,
    string Name,
    OfficeLevel Level,
    string Sector,
    ProcessingTime ProcessingTime,
    string Fee,
    IReadOnlyList<string> RequiredDocuments,
    bool FastTrack,
    bool Illustrative,
    IReadOnlyList<FormField> Form);

/// <summary>
/// One of Project 06's 25 essential online public services (dịch vụ công thiết yếu), which QR codes at the counter
/// lead citizens to.
/// </summary>
/// <param name="Id">Stable identifier, kebab-case ASCII, such as <c>birth-registration</c>.</param>
/// <param name="Name">Name in Vietnamese, with diacritics (NFC).</param>
/// <param name="Path">Where the service is on the portal, relative to the portal's configured address.</param>
/// <param name="Illustrative">Whether the entry is an example rather than a verified official one.</param>
public sealed record EssentialService(string Id, string Name, string Path, bool Illustrative);

/// <summary>What kind of value a form field takes; the counter's page picks its input by it.</summary>
public enum FormFieldType
{
    /// <summary>Free text up to the field's length.</summary>
    Text,

    /// <summary>A day, yyyy-MM-dd.</summary>
    Date,

    /// <summary>A whole number, zero or more.</summary>
    Number,

    /// <summary>One of the field's choices.</summary>
    Choice,

    /// <summary>A phone number: 8 to 20 digits, optionally after a '+'.</summary>
    Phone,

    /// <summary>A citizen identity number (số định danh cá nhân): 12 digits, the first three a province code 001–096.</summary>
    CitizenId,
}

/// <summary>One field of a form entered for the citizen: a procedure's declaration form (tờ khai), or the applicant's.</summary>
/// <param name="Name">Key in the request's object (<c>form</c>, <c>applicant</c>).</param>
/// <param name="Label">Label in Vietnamese, as the counter's page shows it and messages name the field.</param>
/// <param name="Type">Kind of value.</param>
/// <param name="Required">Whether it must be filled.</param>
/// <param name="MaxLength">Longest text accepted.</param>
/// <param name="Choices">Allowed values, for <see cref="FormFieldType.Choice"/>.</param>
/// <param name="Hint">A short hint shown beside the label, if any.</param>
public sealed record FormField(string Name, string Label, FormFieldType Type, bool Required, int MaxLength, IReadOnlyList<string> Choices, string? Hint = null)
{
    /// <summary>Why <paramref name="value"/> does not fit the field, in Vietnamese naming its label, or null when it fits.</summary>
    public string? Problem(string? value) => Validation.FieldRules.Check(this, value, Validation.FieldRules.Quoted(Label));
}

/// <summary>How the clock resumes after a supplement request.</summary>
public enum SupplementPolicy
{
    /// <summary>The due time moves later by the working time spent waiting for the citizen.</summary>
    ShiftDueTime,

    /// <summary>The full processing time starts again when the supplement arrives.</summary>
    RestartClock,
}

/// <summary>
/// What a fast-track dossier handed in on a fast-track weekday gets when its fast-track time cannot run that same day:
/// it was received after the office closed (or the day is a day off), after the rule set's cut-off, or too late for the
/// fast-track working time to end before the day's last session closes.
/// </summary>
public enum LateFastTrackReception
{
    /// <summary>The procedure's standard processing time, counted from the clock start (the default: the promise is a result the same day).</summary>
    Standard,

    /// <summary>The fast-track working time all the same, counted from the clock start into the next working day.</summary>
    CarryOver,
}

/// <summary>A versioned set of processing rules.</summary>
/// <param name="Version">Version name recorded on every dossier received under it.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Basis">Legal basis.</param>
/// <param name="FastTrackWorkingMinutes">Working time given to fast-track dossiers (120 in Gia Lâm).</param>
/// <param name="NearlyLateFraction">Share of the working time after which a dossier is nearly late (0.75).</param>
/// <param name="OverdueEscalationWorkingMinutes">Working time after the due time at which an open dossier is escalated as overdue.</param>
/// <param name="SupplementPolicy">How the clock resumes after a supplement.</param>
/// <param name="LateFastTrack">
/// What a fast-track dossier gets when its fast-track time cannot run the day it is handed in (default
/// <see cref="LateFastTrackReception.Standard"/>).
/// </param>
/// <param name="FastTrackCutOff">
/// Office time of day after which a clock starting on a fast-track day is too late for the fast-track time, such as
/// 15:00; none by default: then only the end of the day's last session decides.
/// </param>
public sealed record RuleSet(
    string Version,
    string Name,
    string Basis,
    int FastTrackWorkingMinutes,
    double NearlyLateFraction,
    int OverdueEscalationWorkingMinutes,
    SupplementPolicy SupplementPolicy,
    LateFastTrackReception LateFastTrack = LateFastTrackReception.Standard,
    TimeOnly? FastTrackCutOff = null);

/// <summary>
/// Everything a deployment loads at start-up: offices, procedures, holidays, the rule set and the essential online
/// services.
/// </summary>
public sealed class ReferenceData
{
    /// <summary>Creates the reference data.</summary>
    public ReferenceData(
        IEnumerable<Office> offices,
        IEnumerable<Procedure> procedures,
        RuleSet ruleSet,
        HolidayCalendar holidays,
        IEnumerable<EssentialService> services,
        DateOnly calendarPublishedThrough = default)
    {
        CalendarPublishedThrough = calendarPublishedThrough == default ? DateOnly.MaxValue : calendarPublishedThrough;
        Offices = offices.ToDictionary(o => o.Code, StringComparer.Ordinal);
        Procedures = procedures.ToDictionary(p => p.Code, StringComparer.Ordinal);
        RuleSet = ruleSet;
        Holidays = holidays;
        Services = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Offices by code, in file order.</summary>
    public IReadOnlyDictionary<string, Office> Offices { get; }

    /// <summary>Procedures by code, in file order.</summary>
    public IReadOnlyDictionary<string, Procedure> Procedures { get; }

    /// <summary>The rule set in force.</summary>
    public RuleSet RuleSet { get; }

    /// <summary>National days off and make-up days.</summary>
    public HolidayCalendar Holidays { get; }

    /// <summary>Project 06's essential online services by id, in file order.</summary>
    public IReadOnlyDictionary<string, EssentialService> Services { get; }

    /// <summary>
    /// The last day of the published holiday calendar (31 December of its last year): after it, days off not yet
    /// decided are not known, and deadlines counted across them may move.
    /// </summary>
    public DateOnly CalendarPublishedThrough { get; }

    /// <summary>How many days of the published calendar are left after <paramref name="today"/> (negative once it has run out).</summary>
    public int CalendarDaysAhead(DateOnly today) => CalendarPublishedThrough.DayNumber - today.DayNumber;

    /// <summary>
    /// This data as it follows <paramref name="earlier"/> from <paramref name="effectiveFrom"/> on: an office whose week
    /// changed works its new week from the local day of that instant and the weeks it worked before on the days before
    /// (see <see cref="WorkingCalendar.From"/>), so a change of opening hours does not recount time already worked.
    /// </summary>
    public ReferenceData Following(ReferenceData earlier, DateTimeOffset effectiveFrom)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var offices = Offices.Values.Select(office =>
            earlier.Offices.GetValueOrDefault(office.Code) is { } before && before.Calendar.TimeZone.Id == office.Calendar.TimeZone.Id
                ? office with { Calendar = before.Calendar.From(office.Calendar.LocalDate(effectiveFrom), office.Calendar.Week, office.Calendar.Holidays) }
                : office);
        return new ReferenceData(offices, Procedures.Values, RuleSet, Holidays, Services.Values, CalendarPublishedThrough);
    }

    /// <summary>The offices of <paramref name="earlier"/> that work another week here, in order.</summary>
    public IReadOnlyList<string> WeekChangedSince(ReferenceData earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return [.. Offices.Values.Where(o => earlier.Offices.GetValueOrDefault(o.Code) is { } before && !o.Calendar.Week.SameAs(before.Calendar.Week)).Select(o => o.Code)];
    }
}

/// <summary>Look-ups that turn a missing code into the right error.</summary>
public static class ReferenceDataLookups
{
    /// <summary>The office, or <see cref="Dossiers.NotFoundException"/>.</summary>
    public static Office RequireOffice(this ReferenceData data, string officeCode) =>
        data.Offices.GetValueOrDefault(officeCode) ?? throw new Dossiers.NotFoundException($"Không có cơ quan '{officeCode}'.");

    /// <summary>The essential online service, or <see cref="Dossiers.NotFoundException"/>.</summary>
    public static EssentialService RequireService(this ReferenceData data, string id) =>
        data.Services.GetValueOrDefault(id)
            ?? throw new Dossiers.NotFoundException($"'{id}' không thuộc {data.Services.Count} dịch vụ công thiết yếu.");

    /// <summary>
    /// The context of a dossier of <paramref name="procedureCode"/> at <paramref name="officeCode"/>. An unknown office is
    /// <see cref="Dossiers.NotFoundException"/>; an unknown procedure is a <see cref="Dossiers.RuleViolationException"/>, since it is
    /// named in a request body rather than in the address.
    /// </summary>
    public static Dossiers.DossierContext ContextFor(this ReferenceData data, string officeCode, string procedureCode)
    {
        var office = data.RequireOffice(officeCode);
        var procedure = data.Procedures.GetValueOrDefault(procedureCode)
            ?? throw new Dossiers.RuleViolationException($"Thủ tục '{procedureCode}' không có trong danh mục.");
        return new Dossiers.DossierContext(office, procedure, data.RuleSet);
    }
}
