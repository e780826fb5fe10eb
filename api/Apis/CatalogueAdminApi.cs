using CaseEngine.Api.Catalogue;
using CaseEngine.Api.Security;
using CaseEngine.Api.Statistics;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Grains.Reference;
using CaseEngine.ReadSide;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api.Apis;

/// <summary>A procedure as an administrator enters it, with why and from when the change applies.</summary>
/// <param name="Code">The procedure's code; when given, the address's.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="Sector">Sector (lĩnh vực).</param>
/// <param name="ProcessingTime">Standard time: exactly one of <c>workingDays</c> and <c>workingHours</c>.</param>
/// <param name="Fee">Fee as published.</param>
/// <param name="RequiredDocuments">Documents handed in.</param>
/// <param name="FastTrack">On the fast-track list.</param>
/// <param name="Illustrative">An example, not a verified official entry.</param>
/// <param name="Form">Declaration form fields.</param>
/// <param name="Reason">Why: goes on the audit trail.</param>
/// <param name="Basis">The decision that published it (số hiệu quyết định), when there is one.</param>
/// <param name="BaseVersion">The version the change was made on; another saved since is a 409.</param>
/// <param name="EffectiveFrom">From when it applies; now when left out.</param>
public sealed record ProcedureRequest(
    string? Code,
    string? Name,
    string? Level,
    string? Sector,
    ProcessingTimeEntry? ProcessingTime,
    string? Fee,
    IReadOnlyList<string>? RequiredDocuments,
    bool? FastTrack,
    bool? Illustrative,
    IReadOnlyList<FormFieldEntry>? Form,
    string? Reason,
    string? Basis,
    int? BaseVersion,
    DateTimeOffset? EffectiveFrom);

/// <summary>Why and from when a change applies, for a change with no other content (a removal).</summary>
/// <param name="Reason">Why.</param>
/// <param name="Basis">The decision, when there is one.</param>
/// <param name="BaseVersion">The version the change was made on.</param>
/// <param name="EffectiveFrom">From when it applies; now when left out.</param>
public sealed record ChangeRequest(string? Reason, string? Basis, int? BaseVersion, DateTimeOffset? EffectiveFrom);

/// <summary>An office as an administrator enters it, in the shape of <c>offices.json</c>.</summary>
/// <param name="Code">The office's code; when given, the address's.</param>
/// <param name="Name">Name.</param>
/// <param name="Level">District or Commune.</param>
/// <param name="TimeZone">IANA time zone; Asia/Ho_Chi_Minh (the file's default) when left out.</param>
/// <param name="WorkingDays">Weekdays it works, Saturday included for Saturday mornings.</param>
/// <param name="Sessions">Sessions of an ordinary working day (and a make-up day): "08:00-12:00".</param>
/// <param name="DaySessions">Sessions of the weekdays that differ: <c>{"Saturday": ["08:00-11:30"]}</c>.</param>
/// <param name="FastTrackDays">Weekdays of fast-track reception.</param>
/// <param name="Reason">Why.</param>
/// <param name="Basis">The decision, when there is one.</param>
/// <param name="BaseVersion">The version the change was made on.</param>
/// <param name="EffectiveFrom">From when it applies; now when left out.</param>
public sealed record OfficeRequest(
    string? Code,
    string? Name,
    string? Level,
    string? TimeZone,
    IReadOnlyList<string>? WorkingDays,
    IReadOnlyList<string>? Sessions,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? DaySessions,
    IReadOnlyList<string>? FastTrackDays,
    string? Reason,
    string? Basis,
    int? BaseVersion,
    DateTimeOffset? EffectiveFrom);

/// <summary>The rule set as an administrator enters it.</summary>
/// <param name="Version">Version name recorded on every dossier received under it (GL-2022.2).</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="LegalBasis">The rule set's legal basis (its <c>basis</c> in <c>ruleset.json</c>).</param>
/// <param name="FastTrackWorkingMinutes">Fast-track working time.</param>
/// <param name="NearlyLateFraction">Share of the time after which a dossier is nearly late, between 0 and 1.</param>
/// <param name="OverdueEscalationWorkingMinutes">Working time past the due time at which an open dossier is escalated.</param>
/// <param name="SupplementPolicy">ShiftDueTime or RestartClock.</param>
/// <param name="LateFastTrackReception">Standard (default) or CarryOver.</param>
/// <param name="FastTrackCutOff">Optional cut-off, HH:mm.</param>
/// <param name="Reason">Why.</param>
/// <param name="Basis">The decision, when there is one.</param>
/// <param name="BaseVersion">The version the change was made on.</param>
/// <param name="EffectiveFrom">From when it applies; now when left out.</param>
public sealed record RuleSetRequest(
    string? Version,
    string? Name,
    string? LegalBasis,
    int? FastTrackWorkingMinutes,
    double? NearlyLateFraction,
    int? OverdueEscalationWorkingMinutes,
    string? SupplementPolicy,
    string? LateFastTrackReception,
    string? FastTrackCutOff,
    string? Reason,
    string? Basis,
    int? BaseVersion,
    DateTimeOffset? EffectiveFrom);

/// <summary>Which version a list was read from.</summary>
/// <param name="Version">The version in force now, which the list is of.</param>
/// <param name="EffectiveFrom">From when it applies, in the district's time.</param>
/// <param name="LatestVersion">The newest version, in force or saved to apply later: send it as <c>baseVersion</c>.</param>
/// <param name="LatestEffectiveFrom">From when the newest applies, in the district's time.</param>
public sealed record VersionInfo(int Version, DateTimeOffset EffectiveFrom, int LatestVersion, DateTimeOffset LatestEffectiveFrom);

/// <summary>The procedure catalogue in force.</summary>
/// <param name="Version">Its version.</param>
/// <param name="Procedures">The procedures, in catalogue order.</param>
public sealed record ProcedureCatalogueView(VersionInfo Version, IReadOnlyList<ProcedureEntry> Procedures);

/// <summary>The offices in force.</summary>
/// <param name="Version">Their version.</param>
/// <param name="Offices">The offices, each written out in full.</param>
public sealed record OfficeListView(VersionInfo Version, IReadOnlyList<OfficeEntry> Offices);

/// <summary>The rule set in force.</summary>
/// <param name="Version">Its version.</param>
/// <param name="RuleSet">The rule set (its <c>basis</c> is the rule set's legal basis).</param>
public sealed record RuleSetView(VersionInfo Version, RuleSetEntry RuleSet);

/// <summary>A saved change.</summary>
/// <param name="Version">The new version's number.</param>
/// <param name="EffectiveFrom">From when it applies, in the district's time.</param>
/// <param name="InForce">Whether it applies already.</param>
/// <param name="Summary">What changed, in Vietnamese.</param>
/// <param name="Revised">For an office's working time changed now: its open dossiers whose due time moved.</param>
/// <param name="Failed">Those that could not be revised now; they are tried again after 1, 2, 4 … minutes until none fails.</param>
/// <param name="RevisionAt">
/// For an office's working time changed from a later instant: when its open dossiers' deadlines will be counted again
/// (that instant, in the office's time).
/// </param>
public sealed record ReferenceSaved(
    int Version,
    DateTimeOffset EffectiveFrom,
    bool InForce,
    string Summary,
    IReadOnlyList<DeadlineShiftView>? Revised = null,
    IReadOnlyList<RevisionFailure>? Failed = null,
    DateTimeOffset? RevisionAt = null);

/// <summary>What an imported workbook changes in the catalogue, and whether it was saved.</summary>
/// <param name="Saved">False for a preview.</param>
/// <param name="BaseVersion">The version compared with (the newest).</param>
/// <param name="Version">The version saved, when saved.</param>
/// <param name="Added">Codes the workbook adds.</param>
/// <param name="Changed">Procedures it changes, with the fields.</param>
/// <param name="Removed">Codes it leaves out.</param>
/// <param name="Summary">What changes, in Vietnamese.</param>
/// <param name="EffectiveFrom">When saved, from when the version applies, in the district's time.</param>
/// <param name="InForce">When saved, whether it applies already.</param>
public sealed record CatalogueImportView(
    bool Saved,
    int BaseVersion,
    int? Version,
    IReadOnlyList<string> Added,
    IReadOnlyList<ProcedureChange> Changed,
    IReadOnlyList<string> Removed,
    string Summary,
    DateTimeOffset? EffectiveFrom = null,
    bool? InForce = null);

/// <summary>
/// The procedure catalogue, the offices and the rule set as administered by the district's administrators: read what is
/// in force, change one procedure or office or the rule set, or the whole catalogue through an Excel workbook. Each
/// change is checked as the files are at start-up (the same rules, answered in Vietnamese field by field) and saved as
/// an audited reference data version, applying now or from a later instant. Dossiers keep the deadlines they have; new
/// ones get the data in force when they are received.
/// </summary>
public static class CatalogueAdminApi
{
    /// <summary>Largest workbook accepted.</summary>
    public const int MaxWorkbookBytes = 10 * 1024 * 1024;

    /// <summary>Maps <c>/api/admin</c>'s procedures, offices and rule set.</summary>
    public static IEndpointRouteBuilder MapCatalogueAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").WithTags("Administration").Allow(Role.Administrator).DistrictOnly()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/procedures", GetProcedures).WithName("GetAdminProcedures").WithSummary("The procedure catalogue in force, with its version");
        api.MapPut("/procedures/{code}", SaveProcedureAsync)
            .WithName("SaveProcedure")
            .WithSummary("Create or replace one procedure, now or from a later instant")
            .ProducesChangeProblems();
        api.MapDelete("/procedures/{code}", RemoveProcedureAsync)
            .WithName("RemoveProcedure")
            .WithSummary("Remove a procedure no dossier was received for")
            .ProducesChangeProblems()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/procedures.xlsx", ExportProcedures).WithName("ExportProcedures").WithSummary("The procedure catalogue in force as an Excel workbook");
        api.MapPost("/procedures.xlsx", ImportProceduresAsync)
            .WithName("ImportProcedures")
            .WithSummary("Preview (?preview=true) or save an edited workbook as the whole catalogue; the body is the .xlsx file")
            .ProducesChangeProblems()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/offices", GetOffices).WithName("GetAdminOffices").WithSummary("The offices in force, with their working time");
        api.MapPut("/offices/{code}", SaveOfficeAsync)
            .WithName("SaveOffice")
            .WithSummary("Create or replace one office: name, working sessions, fast-track days")
            .ProducesChangeProblems();
        api.MapGet("/ruleset", GetRuleSet).WithName("GetAdminRuleSet").WithSummary("The rule set in force");
        api.MapPut("/ruleset", SaveRuleSetAsync)
            .WithName("SaveRuleSet")
            .WithSummary("Replace the rule set, now or from a later instant")
            .ProducesChangeProblems();
        return app;
    }

    /// <summary>The catalogue in force.</summary>
    public static Ok<ProcedureCatalogueView> GetProcedures(CurrentReference reference)
    {
        var version = reference.Version;
        return TypedResults.Ok(new ProcedureCatalogueView(Info(reference), [.. version.Data.Procedures.Values.Select(ProcedureEntries.Of)]));
    }

    /// <summary>Saves <paramref name="request"/> as procedure <paramref name="code"/>, added or in place of the one of that code.</summary>
    public static async Task<Results<Ok<ReferenceSaved>, ValidationProblem>> SaveProcedureAsync(
        string code, ProcedureRequest request, CurrentReference reference, TimeProvider time, HttpContext http)
    {
        var latest = Latest(reference, request.BaseVersion);
        var errors = new FieldErrors();
        var from = Check(request.Reason, request.Basis, request.EffectiveFrom, latest, time, errors);
        NameMatches(request.Code, code, errors);
        var problems = new EntryProblems();
        var procedure = ProcedureEntries.Read(
            new ProcedureEntry(
                code, request.Name, request.Level, request.Sector, request.ProcessingTime, request.Fee, request.RequiredDocuments, request.FastTrack, request.Illustrative, request.Form),
            problems);
        if (problems.Into(errors).Any || procedure is null)
        {
            return errors.Problem();
        }

        var pending = ProcedureEntries.Diff(reference.Data.Procedures, latest.Data.Procedures);
        NotChangedByPending(reference, latest, pending.Added.Contains(code) || pending.Changed.Any(c => c.Code == code), $"thủ tục {code}");
        var procedures = latest.Data.Procedures.ContainsKey(code)
            ? latest.Data.Procedures.Values.Select(p => p.Code == code ? procedure : p).ToList()
            : [.. latest.Data.Procedures.Values, procedure];
        return TypedResults.Ok(await SaveCatalogueAsync(reference, latest, procedures, request.Reason, request.Basis, from, time, http));
    }

    /// <summary>Removes procedure <paramref name="code"/>, unless a dossier was received for it.</summary>
    public static async Task<Results<Ok<ReferenceSaved>, ValidationProblem>> RemoveProcedureAsync(
        string code, [FromBody] ChangeRequest request, CurrentReference reference, IDossierIndex index, TimeProvider time, HttpContext http)
    {
        var latest = Latest(reference, request.BaseVersion);
        if (!latest.Data.Procedures.ContainsKey(code))
        {
            throw new NotFoundException($"Thủ tục {FieldRules.Quoted(code)} không có trong danh mục.");
        }

        var errors = new FieldErrors();
        var from = Check(request.Reason, request.Basis, request.EffectiveFrom, latest, time, errors);
        if (errors.Any)
        {
            return errors.Problem();
        }

        if (await InUseAsync([code], latest.Data, index) is { Count: > 0 } used)
        {
            throw new RuleViolationException(used[0]);
        }

        var procedures = latest.Data.Procedures.Values.Where(p => p.Code != code).ToList();
        return TypedResults.Ok(await SaveCatalogueAsync(reference, latest, procedures, request.Reason, request.Basis, from, time, http));
    }

    /// <summary>The catalogue in force as a workbook: sheet «Thủ tục», one row a procedure; sheet «Tờ khai», one row a form field.</summary>
    public static FileContentHttpResult ExportProcedures(CurrentReference reference)
    {
        var version = reference.Version;
        return TypedResults.File(
            ProcedureWorkbook.Write(version.Data.Procedures.Values), ReportExport.XlsxType, $"danh-muc-thu-tuc-v{version.Number}.xlsx");
    }

    /// <summary>
    /// The workbook in the body as the whole catalogue: what it adds, changes and removes from the newest version; saved
    /// as one new version unless <paramref name="preview"/>.
    /// </summary>
    public static async Task<Results<Ok<CatalogueImportView>, ValidationProblem, ProblemHttpResult>> ImportProceduresAsync(
        HttpRequest request,
        CurrentReference reference,
        IDossierIndex index,
        TimeProvider time,
        bool preview = false,
        string? reason = null,
        string? basis = null,
        int? baseVersion = null,
        DateTimeOffset? effectiveFrom = null)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), ReportExport.XlsxType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                $"Hãy gửi tệp bảng tính .xlsx làm nội dung yêu cầu, với Content-Type: {ReportExport.XlsxType}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Sai định dạng tệp");
        }

        var latest = Latest(reference, baseVersion);
        var errors = new FieldErrors();
        var from = preview ? time.GetUtcNow() : Check(reason, basis, effectiveFrom, latest, time, errors);
        using var content = new MemoryStream();
        await request.Body.CopyToAsync(content, request.HttpContext.RequestAborted);
        if (content.Length > MaxWorkbookBytes)
        {
            return errors.Add("file", $"Tệp lớn quá {MaxWorkbookBytes / 1024 / 1024} MB.").Problem();
        }

        var read = ProcedureWorkbook.Read(content);
        foreach (var field in read.Errors.Fields)
        {
            foreach (var message in read.Errors.Of(field))
            {
                errors.Add(field, message);
            }
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var after = read.Procedures.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var diff = ProcedureEntries.Diff(latest.Data.Procedures, after);
        foreach (var problem in await InUseAsync(diff.Removed, latest.Data, index))
        {
            errors.Add(ProcedureWorkbook.ProceduresSheet, problem);
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        if (preview)
        {
            return TypedResults.Ok(new CatalogueImportView(false, latest.Number, null, diff.Added, diff.Changed, diff.Removed, diff.Summary));
        }

        var saved = await SaveCatalogueAsync(reference, latest, read.Procedures, reason, basis, from, time, request.HttpContext);
        return TypedResults.Ok(new CatalogueImportView(true, latest.Number, saved.Version, diff.Added, diff.Changed, diff.Removed, diff.Summary, saved.EffectiveFrom, saved.InForce));
    }

    /// <summary>The offices in force.</summary>
    public static Ok<OfficeListView> GetOffices(CurrentReference reference) =>
        TypedResults.Ok(new OfficeListView(Info(reference), [.. reference.Data.Offices.Values.Select(OfficeEntries.Of)]));

    /// <summary>Saves <paramref name="request"/> as office <paramref name="code"/>, added or in place of the one of that code.</summary>
    public static async Task<Results<Ok<ReferenceSaved>, ValidationProblem>> SaveOfficeAsync(
        string code, OfficeRequest request, CurrentReference reference, TimeProvider time, HttpContext http, IDossierIndex index, IGrainFactory grains)
    {
        var latest = Latest(reference, request.BaseVersion);
        var errors = new FieldErrors();
        var from = Check(request.Reason, request.Basis, request.EffectiveFrom, latest, time, errors);
        NameMatches(request.Code, code, errors);
        var file = latest.Stored.Files[ReferenceDataLoader.OfficesFile];
        var problems = new EntryProblems();
        var office = OfficeEntries.Read(
            new OfficeEntry(code, request.Name, request.Level, request.TimeZone, request.WorkingDays, request.Sessions, request.DaySessions, request.FastTrackDays),
            new OfficeEntry(TimeZone: OfficeEntries.Defaults(file).TimeZone),
            latest.Data.Holidays,
            problems);
        if (office is not null && OfficeEntries.FirstUnreachableFastTrackDay([office], latest.Data.RuleSet) is { } miss)
        {
            problems.Add(new EntryProblem("fastTrackDays", miss.English, miss.Vietnamese));
        }

        if (problems.Into(errors).Any || office is null)
        {
            return errors.Problem();
        }

        NotChangedByPending(reference, latest, Written(reference.Data.Offices.GetValueOrDefault(code)) != Written(latest.Data.Offices.GetValueOrDefault(code)), $"đơn vị {code}");

        var added = !latest.Data.Offices.ContainsKey(code);
        var summary = $"{(added ? "Thêm" : "Sửa")} đơn vị {code} ({office.Name}): giờ làm việc, ngày giải quyết nhanh";
        var files = With(latest, ReferenceDataLoader.OfficesFile, OfficeEntries.With(file, office));
        var saved = await PublishAsync(reference, latest, files, request.Reason, request.Basis, from, summary, time, http);
        var version = reference.Catalog.Versions[saved.Version - 1];
        if (version.Data.WeekChangedSince(latest.Data).Count == 0)
        {
            return TypedResults.Ok(saved);
        }

        // The office works another week from the version's day on: its open dossiers' deadlines are counted again under
        // it, the days before as they were worked. Now when the change applies now, else when it comes into force.
        var calendar = version.Data.RequireOffice(code).Calendar;
        var changedFrom = calendar.WeekSince == DateOnly.MinValue ? DateTimeOffset.MinValue : calendar.StartOf(calendar.WeekSince);
        if (!saved.InForce)
        {
            await grains.GetGrain<IReferenceRevisionGrain>(saved.Version).ScheduleAsync(new RevisionPlan([code], changedFrom, null, RequestFacts.Audit(http)));
            return TypedResults.Ok(saved with { RevisionAt = calendar.ToLocal(saved.EffectiveFrom) });
        }

        var (revised, failed) = await CalendarAdminApi.ReviseAsync(version, changedFrom, [code], index, grains, http);
        return TypedResults.Ok(saved with { Revised = revised, Failed = failed });
    }

    /// <summary>The rule set in force.</summary>
    public static Ok<RuleSetView> GetRuleSet(CurrentReference reference) =>
        TypedResults.Ok(new RuleSetView(Info(reference), RuleSetEntries.Of(reference.Data.RuleSet)));

    /// <summary>Saves <paramref name="request"/> as the rule set.</summary>
    public static async Task<Results<Ok<ReferenceSaved>, ValidationProblem>> SaveRuleSetAsync(
        RuleSetRequest request, CurrentReference reference, TimeProvider time, HttpContext http)
    {
        var latest = Latest(reference, request.BaseVersion);
        var errors = new FieldErrors();
        var from = Check(request.Reason, request.Basis, request.EffectiveFrom, latest, time, errors);
        var problems = new EntryProblems();
        var rules = RuleSetEntries.Read(
            new RuleSetEntry(
                request.Version, request.Name, request.LegalBasis, request.FastTrackWorkingMinutes, request.NearlyLateFraction,
                request.OverdueEscalationWorkingMinutes, request.SupplementPolicy, null, request.LateFastTrackReception, request.FastTrackCutOff),
            problems);
        if (rules is not null && OfficeEntries.FirstUnreachableFastTrackDay(latest.Data.Offices.Values, rules) is { } miss)
        {
            problems.Add(new EntryProblem(miss.RuleSetField, miss.English, miss.Vietnamese));
        }

        if (problems.Into(errors).Any || rules is null)
        {
            return errors.Problem();
        }

        NotChangedByPending(reference, latest, reference.Data.RuleSet != latest.Data.RuleSet, "bộ quy tắc");

        var file = latest.Stored.Files[ReferenceDataLoader.RuleSetFile];
        var files = With(latest, ReferenceDataLoader.RuleSetFile, RuleSetEntries.Write(file, rules));
        return TypedResults.Ok(await PublishAsync(reference, latest, files, request.Reason, request.Basis, from, $"Bộ quy tắc {rules.Version}: {rules.Name}", time, http));
    }

    // What a change may be answered besides its result: bad fields, a stale base version, a broken rule.
    private static RouteHandlerBuilder ProducesChangeProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static VersionInfo Info(CurrentReference reference)
    {
        var (inForce, latest) = (reference.Version, reference.Catalog.Latest);
        return new VersionInfo(inForce.Number, Local(reference, inForce.Stored.EffectiveFrom), latest.Number, Local(reference, latest.Stored.EffectiveFrom));
    }

    // An instant in the district's time (its first office's), as the versions' audit trail writes it.
    private static DateTimeOffset Local(CurrentReference reference, DateTimeOffset instant) =>
        reference.Data.Offices.Values.First().Calendar.ToLocal(instant);

    // The newest version, which a change is made on; another saved since the one the administrator read is a 409.
    private static ReferenceVersion Latest(CurrentReference reference, int? baseVersion)
    {
        var latest = reference.Catalog.Latest;
        return baseVersion is { } expected && expected != latest.Number
            ? throw new ConcurrencyConflictException(
                $"Dữ liệu danh mục đã sang phiên bản {latest.Number} sau phiên bản {expected} mà thay đổi này dựa vào; hãy đọc lại rồi lưu lại.")
            : latest;
    }

    private static DateTimeOffset Check(string? reason, string? basis, DateTimeOffset? effectiveFrom, ReferenceVersion latest, TimeProvider time, FieldErrors errors) =>
        ReferenceChange.Check(reason, basis, effectiveFrom, time.GetUtcNow(), latest.Stored.EffectiveFrom, errors);

    // The lists show the version in force, and a change is made on the newest: while a later version waits for its day
    // with a change of its own to the same entry, saving the entry as the list showed it would undo that change.
    private static void NotChangedByPending(CurrentReference reference, ReferenceVersion latest, bool changedByLatest, string entry)
    {
        if (latest.Number != reference.Version.Number && changedByLatest)
        {
            throw new RuleViolationException(
                $"Phiên bản {latest.Number} của dữ liệu danh mục, chờ áp dụng từ {ReferenceChange.Instant(latest.Stored.EffectiveFrom)}, đã thay đổi {entry}; "
                + $"chỉ sửa tiếp {entry} được khi phiên bản đó đã áp dụng.");
        }
    }

    // An office as its file writes it, to compare two versions' entries.
    private static string? Written(Office? office) =>
        office is null ? null : System.Text.Json.JsonSerializer.Serialize(OfficeEntries.Of(office));

    private static void NameMatches(string? body, string address, FieldErrors errors)
    {
        if (body is not null && body.Trim() != address)
        {
            errors.Add("code", $"Mã {FieldRules.Quoted(body)} khác mã trong địa chỉ {FieldRules.Quoted(address)}.");
        }
    }

    // Each of the codes a dossier was received for, with why it cannot leave the catalogue.
    private static async Task<List<string>> InUseAsync(IReadOnlyList<string> codes, ReferenceData data, IDossierIndex index)
    {
        var used = new List<string>();
        foreach (var code in codes)
        {
            var facts = await index.FactsAsync(new FactsQuery([.. data.Offices.Keys], code, ReferenceCatalog.Beginning, ReferenceCatalog.Beginning.AddYears(200)));
            if (facts.Count > 0)
            {
                used.Add($"Thủ tục {code} đã có {facts.Count} hồ sơ nên không bỏ khỏi danh mục được (hồ sơ cũ vẫn cần thủ tục của mình).");
            }
        }

        return used;
    }

    private static async Task<ReferenceSaved> SaveCatalogueAsync(
        CurrentReference reference, ReferenceVersion latest, IReadOnlyList<Procedure> procedures, string? reason, string? basis, DateTimeOffset from, TimeProvider time, HttpContext http)
    {
        var diff = ProcedureEntries.Diff(latest.Data.Procedures, procedures.ToDictionary(p => p.Code, StringComparer.Ordinal));
        if (diff.None)
        {
            throw new RuleViolationException("Danh mục thủ tục không thay đổi gì so với phiên bản mới nhất; không có gì được ghi.");
        }

        var file = latest.Stored.Files[ReferenceDataLoader.ProceduresFile];
        var files = With(latest, ReferenceDataLoader.ProceduresFile, ProcedureEntries.Write(file, procedures));
        return await PublishAsync(reference, latest, files, reason, basis, from, diff.Summary, time, http);
    }

    private static Dictionary<string, string> With(ReferenceVersion latest, string name, string text) =>
        new(latest.Stored.Files, StringComparer.Ordinal) { [name] = text };

    private static async Task<ReferenceSaved> PublishAsync(
        CurrentReference reference,
        ReferenceVersion latest,
        Dictionary<string, string> files,
        string? reason,
        string? basis,
        DateTimeOffset from,
        string summary,
        TimeProvider time,
        HttpContext http)
    {
        try
        {
            ReferenceDataLoader.Parse(name => files[name]);
        }
        catch (ReferenceDataException e)
        {
            throw new RuleViolationException($"Thay đổi này làm bộ dữ liệu danh mục không dùng được: {e.Message}");
        }

        var now = time.GetUtcNow();
        var note = new ReferenceChangeNote(Access.User(http).Id, now, reason!.Trim(), string.IsNullOrWhiteSpace(basis) ? null : basis.Trim(), summary);
        var saved = await reference.Catalog.PublishAsync(latest.Number, files, from, note);
        return new ReferenceSaved(saved.Number, Local(reference, from), from <= now, summary);
    }
}
