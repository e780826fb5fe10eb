using CaseEngine.Api.Security;
using CaseEngine.Contracts;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Grains.Reference;
using CaseEngine.ReadSide;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>A run of days off as entered.</summary>
/// <param name="From">First day off, yyyy-MM-dd.</param>
/// <param name="To">Last day off, yyyy-MM-dd.</param>
/// <param name="Name">What it is (Tết Nguyên đán Đinh Mùi, …).</param>
public sealed record DayOffInput(DateOnly From, DateOnly To, string? Name);

/// <summary>A make-up working day as entered.</summary>
/// <param name="Date">The day worked, yyyy-MM-dd.</param>
/// <param name="Name">What it makes up for.</param>
public sealed record MakeUpDayInput(DateOnly Date, string? Name);

/// <summary>A year's holiday schedule as an administrator enters it.</summary>
/// <param name="DaysOff">The year's days off.</param>
/// <param name="MakeUpWorkingDays">The year's make-up working days.</param>
/// <param name="Notice">The notice or decision that set them (số hiệu văn bản).</param>
/// <param name="Reason">Why the schedule changes: goes on the audit trail and on each moved dossier's timeline.</param>
/// <param name="BaseVersion">The reference data version the change was made on; another change saved since is a 409.</param>
public sealed record CalendarYearRequest(
    IReadOnlyList<DayOffInput>? DaysOff, IReadOnlyList<MakeUpDayInput>? MakeUpWorkingDays, string? Notice, string? Reason, int? BaseVersion = null);

/// <summary>A year's holiday schedule.</summary>
/// <param name="Year">The year.</param>
/// <param name="DaysOff">Its days off.</param>
/// <param name="MakeUpWorkingDays">Its make-up working days.</param>
/// <param name="Notice">The notice that set them, when recorded.</param>
/// <param name="Version">The reference data version it was read from.</param>
/// <param name="Coverage">How far the published calendar reaches.</param>
public sealed record CalendarYearView(
    int Year, IReadOnlyList<DayOffEntry> DaysOff, IReadOnlyList<MakeUpDayEntry> MakeUpWorkingDays, string? Notice, int Version, CalendarCoverage Coverage);

/// <summary>A dossier whose due time a calendar change moves.</summary>
/// <param name="Code">The dossier.</param>
/// <param name="OfficeCode">Its office.</param>
/// <param name="ProcedureCode">Its procedure.</param>
/// <param name="FromDue">Its due time before, in its office's time.</param>
/// <param name="ToDue">Its due time after.</param>
/// <param name="TurnsLate">Whether it becomes late at once.</param>
/// <param name="Promised">Whether it keeps a new appointment promised to the citizen (only its legal deadline moves).</param>
public sealed record DeadlineShiftView(string Code, string OfficeCode, string ProcedureCode, DateTimeOffset FromDue, DateTimeOffset ToDue, bool TurnsLate, bool Promised);

/// <summary>What a calendar change would do, before it is saved.</summary>
/// <param name="Year">The year changed.</param>
/// <param name="Summary">What changes, in Vietnamese.</param>
/// <param name="BaseVersion">The version it is based on: send it back with the change.</param>
/// <param name="Shifts">The open dossiers whose due time would move, those turning late first, then by due time.</param>
public sealed record CalendarPreview(int Year, string Summary, int BaseVersion, IReadOnlyList<DeadlineShiftView> Shifts);

/// <summary>A saved calendar change and the dossiers it moved.</summary>
/// <param name="Version">The new reference data version.</param>
/// <param name="Summary">What changed.</param>
/// <param name="Revised">The dossiers whose due time moved.</param>
/// <param name="Failed">
/// The dossiers that could not be revised now: they are tried again after 1, 2, 4 … minutes until none fails, and
/// <c>POST /api/admin/calendar/revisions</c> tries every open dossier again at once.
/// </param>
public sealed record CalendarChange(int Version, string Summary, IReadOnlyList<DeadlineShiftView> Revised, IReadOnlyList<RevisionFailure> Failed);

/// <summary>One version of the reference data, for the audit trail.</summary>
/// <param name="Number">Its number.</param>
/// <param name="EffectiveFrom">From when it applies.</param>
/// <param name="Author">Who saved it.</param>
/// <param name="SavedAt">When.</param>
/// <param name="Reason">Why.</param>
/// <param name="Basis">The notice or decision, when given.</param>
/// <param name="Summary">What changed.</param>
/// <param name="InForce">Whether it is the version in force now.</param>
/// <param name="Pending">Whether it was saved to apply later and is not in force yet.</param>
/// <param name="Revisions">
/// The open dossiers' deadline revisions it has to make, when it has any: still waiting for its instant, or tried again
/// for dossiers that failed (with when the next attempt is due and why they failed).
/// </param>
public sealed record ReferenceVersionView(
    int Number,
    DateTimeOffset EffectiveFrom,
    string Author,
    DateTimeOffset SavedAt,
    string Reason,
    string? Basis,
    string Summary,
    bool InForce,
    bool Pending,
    RevisionProgress? Revisions);

/// <summary>
/// The holiday calendar as administered by the district's administrators: read a year, preview a change (which open
/// dossiers' due times move, from what to what, which turn late), save it (a new reference data version, audited, in
/// force at once on every silo), and the open dossiers' deadlines are counted again under it, each timeline saying why.
/// </summary>
public static class CalendarAdminApi
{
    /// <summary>Maps <c>/api/admin</c>'s calendar and versions, and <c>/api/calendar/coverage</c> for leaders and administrators.</summary>
    public static IEndpointRouteBuilder MapCalendarAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calendar/coverage", GetCoverage).WithTags("Administration").Allow(StatisticsApi.Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithName("GetCalendarCoverage")
            .WithSummary("How far the published holiday calendar reaches, and the warning to show when not far enough (Leader, Administrator)");
        var api = app.MapGroup("/api/admin").WithTags("Administration").Allow(Role.Administrator).DistrictOnly()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/reference/versions", ListVersionsAsync).WithName("ListReferenceVersions").WithSummary("The reference data's versions: who changed what, when, why");
        api.MapGet("/calendar/{year:int}", GetYear).WithName("GetCalendarYear").WithSummary("A year's holiday schedule");
        api.MapPost("/calendar/{year:int}/preview", PreviewYearAsync)
            .WithName("PreviewCalendarYear")
            .WithSummary("What a new holiday schedule for the year would move, without saving it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPut("/calendar/{year:int}", SaveYearAsync)
            .WithName("SaveCalendarYear")
            .WithSummary("Save a year's holiday schedule; open dossiers' deadlines are counted again under it")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPost("/calendar/revisions", ReviseAllAsync)
            .WithName("ReviseDeadlines")
            .WithSummary("Count the open dossiers' deadlines again under the calendar in force (after a failure)");
        return app;
    }

    /// <summary>The coverage of the calendar in force now.</summary>
    public static Ok<CalendarCoverage> GetCoverage(CurrentReference reference, TimeProvider time) =>
        TypedResults.Ok(CalendarCoverage.Of(reference.Data, time.GetUtcNow()));

    /// <summary>The versions, newest first, their instants in the district's time (its first office's).</summary>
    public static async Task<Ok<IReadOnlyList<ReferenceVersionView>>> ListVersionsAsync(CurrentReference reference, IGrainFactory grains)
    {
        var inForce = reference.Version.Number;
        var district = reference.Data.Offices.Values.First().Calendar;
        var versions = reference.Catalog.Versions.Reverse().ToList();
        var revisions = await Task.WhenAll(versions.Select(v => grains.GetGrain<IReferenceRevisionGrain>(v.Number).ProgressAsync()));
        return TypedResults.Ok<IReadOnlyList<ReferenceVersionView>>(
        [
            .. versions.Zip(revisions, (v, r) => new ReferenceVersionView(
                v.Number, district.ToLocal(v.Stored.EffectiveFrom), v.Stored.Note.Author, district.ToLocal(v.Stored.Note.At), v.Stored.Note.Reason, v.Stored.Note.Basis,
                v.Stored.Note.Summary,
                v.Number == inForce,
                v.Number > inForce,
                r.Waiting || r.Attempts > 0 ? r with { NextAttemptAt = r.NextAttemptAt is { } next ? district.ToLocal(next) : null } : null)),
        ]);
    }

    /// <summary>Year <paramref name="year"/> of the calendar in force.</summary>
    public static Results<Ok<CalendarYearView>, ValidationProblem> GetYear(int year, CurrentReference reference, TimeProvider time)
    {
        if (year is < HolidayYears.FirstYear or > HolidayYears.LastYear)
        {
            return ValidationProblems.Of("year", $"Năm phải từ {HolidayYears.FirstYear} đến {HolidayYears.LastYear}.");
        }

        var version = reference.Version;
        var entered = HolidayYears.Read(version.Stored.Files[ReferenceDataLoader.HolidaysFile], year);
        return TypedResults.Ok(new CalendarYearView(
            year, entered.DaysOff, entered.MakeUpWorkingDays, entered.Notice, version.Number, CalendarCoverage.Of(version.Data, time.GetUtcNow())));
    }

    /// <summary>What saving <paramref name="request"/> as year <paramref name="year"/> would move.</summary>
    public static async Task<Results<Ok<CalendarPreview>, ValidationProblem>> PreviewYearAsync(
        int year, CalendarYearRequest request, CurrentReference reference, IDossierIndex index, IGrainFactory grains)
    {
        var basis = reference.Catalog.Latest;
        if (Candidate(year, request, basis) is not { } candidate)
        {
            return Invalid(year, request, basis);
        }

        var schedule = candidate.Data.Holidays.ToSchedule();
        var shifts = await DeadlineRevisions.ForEachAsync(
            await index.DeadlinesFromAsync(candidate.From),
            code => grains.GetGrain<IDossierGrain>(code).PreviewHolidaysAsync(schedule));
        return TypedResults.Ok(new CalendarPreview(year, candidate.Summary, basis.Number, Ordered(shifts.Shifts, reference.Data)));
    }

    /// <summary>Saves <paramref name="request"/> as year <paramref name="year"/>, then revises the open dossiers it moves.</summary>
    public static async Task<Results<Ok<CalendarChange>, ValidationProblem>> SaveYearAsync(
        int year, CalendarYearRequest request, CurrentReference reference, IDossierIndex index, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var latest = reference.Catalog.Latest;
        if (request.BaseVersion is { } expected && expected != latest.Number)
        {
            throw new ConcurrencyConflictException(
                $"Dữ liệu danh mục đã sang phiên bản {latest.Number} sau phiên bản {expected} mà thay đổi này dựa vào; hãy đọc lại lịch, xem trước rồi lưu lại.");
        }

        if (Candidate(year, request, latest) is not { } candidate)
        {
            return Invalid(year, request, latest);
        }

        var user = Access.User(http);
        var now = time.GetUtcNow();

        // Each version is the whole set: a calendar saved now on a version not yet in force would bring that version's
        // other changes into force with it.
        if (latest.Stored.EffectiveFrom > now)
        {
            throw new RuleViolationException(
                $"Phiên bản {latest.Number} của dữ liệu danh mục hẹn áp dụng từ {ReferenceChange.Instant(latest.Stored.EffectiveFrom)}; "
                + "lịch nghỉ chỉ được lưu khi không còn phiên bản nào chờ áp dụng.");
        }

        var note = new ReferenceChangeNote(user.Id, now, request.Reason!.Trim(), string.IsNullOrWhiteSpace(request.Notice) ? null : request.Notice.Trim(), candidate.Summary);
        var saved = await reference.Catalog.PublishAsync(latest.Number, candidate.Files, now, note);
        var (revised, failed) = await ReviseAsync(saved, candidate.From, null, index, grains, http);
        return TypedResults.Ok(new CalendarChange(saved.Number, candidate.Summary, revised, failed));
    }

    /// <summary>Counts every open dossier's deadline again under the calendar in force.</summary>
    public static async Task<Ok<CalendarChange>> ReviseAllAsync(CurrentReference reference, IDossierIndex index, IGrainFactory grains, HttpContext http)
    {
        var version = reference.Version;
        var (revised, failed) = await ReviseAsync(version, DateTimeOffset.MinValue, null, index, grains, http);
        return TypedResults.Ok(new CalendarChange(version.Number, version.Stored.Note.Summary, revised, failed));
    }

    /// <summary>
    /// Counts again, under <paramref name="version"/> (just saved and in force), the deadline of every open dossier a
    /// change of working time from <paramref name="from"/> could move, of <paramref name="offices"/> only when named;
    /// each timeline says why. Those moved, turning late first, and those that could not be revised now, which the
    /// version's revisions grain tries again until none fails.
    /// </summary>
    internal static async Task<(IReadOnlyList<DeadlineShiftView> Revised, IReadOnlyList<RevisionFailure> Failed)> ReviseAsync(
        ReferenceVersion version, DateTimeOffset from, IReadOnlyCollection<string>? offices, IDossierIndex index, IGrainFactory grains, HttpContext http)
    {
        var audit = RequestFacts.Audit(http);
        var codes = await DeadlineRevisions.CandidatesAsync(index, from, offices);
        var outcome = await DeadlineRevisions.ReviseAsync(grains, codes, DeadlineRevisions.Command(version, audit));
        if (outcome.Failures.Count > 0)
        {
            await grains.GetGrain<IReferenceRevisionGrain>(version.Number)
                .ScheduleAsync(new RevisionPlan(null, from, [.. outcome.Failures.Select(f => f.Code)], audit));
        }

        return (Ordered(outcome.Shifts, version.Data), outcome.Failures);
    }

    private static List<DeadlineShiftView> Ordered(IEnumerable<DeadlineShift> shifts, ReferenceData data) =>
    [
        .. shifts.OrderByDescending(s => s.TurnsLate).ThenBy(s => s.FromDue).ThenBy(s => s.Code, StringComparer.Ordinal).Select(s =>
        {
            var calendar = data.RequireOffice(s.OfficeCode).Calendar;
            return new DeadlineShiftView(s.Code, s.OfficeCode, s.ProcedureCode, calendar.ToLocal(s.FromDue), calendar.ToLocal(s.ToDue), s.TurnsLate, s.Promised);
        }),
    ];

    private sealed record CandidateYear(IReadOnlyDictionary<string, string> Files, ReferenceData Data, string Summary, DateTimeOffset From);

    // The reference data with the request's year in place, when the year is valid and the whole set still loads.
    private static CandidateYear? Candidate(int year, CalendarYearRequest request, ReferenceVersion version)
    {
        var file = version.Stored.Files[ReferenceDataLoader.HolidaysFile];
        var entered = Entered(year, request);
        if (HolidayYears.Check(file, entered, request.Reason).Any)
        {
            return null;
        }

        var files = new Dictionary<string, string>(version.Stored.Files, StringComparer.Ordinal)
        {
            [ReferenceDataLoader.HolidaysFile] = HolidayYears.With(file, entered),
        };
        ReferenceData data;
        try
        {
            data = ReferenceDataLoader.Parse(name => files[name]);
        }
        catch (ReferenceDataException e)
        {
            throw new RuleViolationException($"Lịch này làm bộ dữ liệu danh mục không dùng được: {e.Message}");
        }

        var before = HolidayYears.Read(file, year);
        var first = HolidayYears.FirstChangedDay(before, entered) ?? new DateOnly(year, 12, 31);

        // The earliest instant of that day anywhere: no deadline before it can move.
        var from = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(14));
        return new CandidateYear(files, data, HolidayYears.Summary(before, entered), from);
    }

    private static ValidationProblem Invalid(int year, CalendarYearRequest request, ReferenceVersion version) =>
        HolidayYears.Check(version.Stored.Files[ReferenceDataLoader.HolidaysFile], Entered(year, request), request.Reason).Problem();

    private static HolidayYear Entered(int year, CalendarYearRequest request) => new(
        year,
        [.. (request.DaysOff ?? []).Select(d => new DayOffEntry(d.From, d.To, d.Name ?? string.Empty))],
        [.. (request.MakeUpWorkingDays ?? []).Select(d => new MakeUpDayEntry(d.Date, d.Name ?? string.Empty))],
        request.Notice);

}
