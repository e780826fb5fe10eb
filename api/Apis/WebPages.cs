using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>The Vietnamese words the pages show, from the domain, so that no page keeps a list of its own.</summary>
/// <param name="Weekdays">Weekday names by number, 0 being Sunday, as .NET's <see cref="DayOfWeek"/> and JavaScript's <c>getDay()</c> count.</param>
/// <param name="Statuses">National status names, by status.</param>
/// <param name="Buckets">Bucket names of open dossiers: not yet due, nearly late, late.</param>
/// <param name="Durations">The words of a span of working time and of a countdown: "1 giờ 5 phút", "còn …", "quá hạn …".</param>
/// <param name="Outcomes">Early, on time, late.</param>
/// <param name="Provisional">Said beside a due time that may still move: it falls after the published holiday calendar.</param>
/// <param name="Reference">The names of the reference data's values, for the administrators' page.</param>
public sealed record PageWording(
    IReadOnlyList<string> Weekdays,
    IReadOnlyDictionary<DossierStatus, string> Statuses,
    IReadOnlyDictionary<Bucket, string> Buckets,
    IReadOnlyDictionary<Timeliness, string> Outcomes,
    DurationWords Durations,
    string Provisional,
    ReferenceWording Reference)
{
    /// <summary>The words, once.</summary>
    public static PageWording Instance { get; } = new(
        [.. Enum.GetValues<DayOfWeek>().Select(VietnameseWords.Weekday)],
        Enum.GetValues<DossierStatus>().Where(s => s != DossierStatus.None).ToDictionary(s => s, s => s.VietnameseName()),
        Enum.GetValues<Bucket>().ToDictionary(b => b, b => b.VietnameseName()),
        Enum.GetValues<Timeliness>().ToDictionary(t => t, t => t.VietnameseName()),
        VietnameseWords.DurationUnits,
        VietnameseWords.Provisional,
        ReferenceWording.Instance);
}

/// <summary>A value as the API takes it, with its Vietnamese name.</summary>
/// <param name="Value">The value, as requests and answers write it (<c>Saturday</c>, <c>RestartClock</c>).</param>
/// <param name="Name">Its name in Vietnamese.</param>
public sealed record NamedValue(string Value, string Name);

/// <summary>The values an administrator picks from in the reference data, each with its Vietnamese name, in the order to offer them.</summary>
/// <param name="Week">The weekdays, Monday first as a Vietnamese week runs: working days, fast-track days, a day's own sessions.</param>
/// <param name="Levels">An office's or a procedure's level.</param>
/// <param name="FormFieldTypes">The kinds of a declaration form field.</param>
/// <param name="SupplementPolicies">How the clock resumes after a supplement.</param>
/// <param name="LateFastTrackReceptions">What a fast-track dossier too late for its day gets.</param>
/// <param name="ProcedureFields">The Vietnamese names of a procedure's fields, as a catalogue change lists them (<c>processingTime</c>).</param>
public sealed record ReferenceWording(
    IReadOnlyList<NamedValue> Week,
    IReadOnlyList<NamedValue> Levels,
    IReadOnlyList<NamedValue> FormFieldTypes,
    IReadOnlyList<NamedValue> SupplementPolicies,
    IReadOnlyList<NamedValue> LateFastTrackReceptions,
    IReadOnlyDictionary<string, string> ProcedureFields)
{
    private static readonly string[] Fields = ["name", "level", "sector", "processingTime", "fee", "requiredDocuments", "fastTrack", "illustrative", "form"];

    /// <summary>The words, once.</summary>
    public static ReferenceWording Instance { get; } = new(
        [.. Enum.GetValues<DayOfWeek>().OrderBy(VietnameseWords.WeekOrder).Select(d => new NamedValue(d.ToString(), VietnameseWords.Weekday(d)))],
        [.. Enum.GetValues<OfficeLevel>().Select(l => new NamedValue(l.ToString(), l.VietnameseName()))],
        [.. Enum.GetValues<FormFieldType>().Select(t => new NamedValue(t.ToString(), t.VietnameseName()))],
        [.. Enum.GetValues<SupplementPolicy>().Select(p => new NamedValue(p.ToString(), p.VietnameseName()))],
        [.. Enum.GetValues<LateFastTrackReception>().Select(r => new NamedValue(r.ToString(), r.VietnameseName()))],
        Fields.ToDictionary(f => f, ProcedureEntries.FieldName, StringComparer.Ordinal));
}

/// <summary>
/// The web pages (static files under <c>wwwroot</c>: plain HTML, CSS and ES modules, no build step) and the public
/// reference data they show: the home page <c>/</c>, the staff pages <c>/quay</c>, <c>/lanh-dao</c> and <c>/quan-tri</c>, the lobby board <c>/bang/{office}</c> and the citizen's status
/// page <c>/tra-cuu/{code}</c>, the address the QR codes on slips lead to.
/// </summary>
public static class WebPages
{
    // The pages load scripts, styles and data from this site only; nothing inline, nothing framed.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] OwnPages = ["/index.html", "/bang.html", "/tra-cuu.html", "/counter.html", "/lanh-dao.html", "/quan-tri.html"];

    /// <summary>Serves the static files of <c>wwwroot</c>, with <c>index.html</c> as the home page.</summary>
    public static IApplicationBuilder UseWebPages(this IApplicationBuilder app) =>
        app.UseDefaultFiles().UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.XContentTypeOptions = "nosniff";
                if (OwnPages.Contains(context.Context.Request.Path.Value, StringComparer.Ordinal))
                {
                    Secure(context.Context.Response);
                }
            },
        });

    /// <summary>Maps the pages' own addresses and <c>/api/public/offices</c>, <c>/api/public/procedures/{code}</c>.</summary>
    public static IEndpointRouteBuilder MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/quay", (IWebHostEnvironment env, HttpResponse response) => Page(env, response, "counter.html")).ExcludeFromDescription();
        app.MapGet("/lanh-dao", (IWebHostEnvironment env, HttpResponse response) => Page(env, response, "lanh-dao.html")).ExcludeFromDescription();
        app.MapGet("/quan-tri", (IWebHostEnvironment env, HttpResponse response) => Page(env, response, "quan-tri.html")).ExcludeFromDescription();
        app.MapGet("/bang/{officeCode}", (IWebHostEnvironment env, HttpResponse response) => Page(env, response, "bang.html")).ExcludeFromDescription();

        // The home page's forms, sent without scripts: /bang?office=018, /tra-cuu?code=….
        app.MapGet("/bang", (string? office) => TypedResults.Redirect(string.IsNullOrWhiteSpace(office) ? "/" : $"/bang/{Uri.EscapeDataString(office.Trim())}"))
            .ExcludeFromDescription();
        app.MapGet("/tra-cuu", (string? code, IWebHostEnvironment env, HttpResponse response) => string.IsNullOrWhiteSpace(code)
                ? (Results<PhysicalFileHttpResult, RedirectHttpResult>)Page(env, response, "tra-cuu.html")
                : TypedResults.Redirect($"/tra-cuu/{Uri.EscapeDataString(code.Trim().ToUpperInvariant())}"))
            .ExcludeFromDescription();
        app.MapGet("/tra-cuu/{code}", (IWebHostEnvironment env, HttpResponse response) => Page(env, response, "tra-cuu.html")).ExcludeFromDescription();

        // Words that never change while the engine runs: every page loads them first, outside the per-minute limit.
        app.MapGet("/api/public/wording", GetWording)
            .WithTags("Public pages")
            .AllowAnonymous()
            .WithName("GetPageWording")
            .WithSummary("The Vietnamese names the pages show: weekdays, statuses, buckets, outcomes and the words of durations; no token needed");

        var reference = app.MapGroup("/api/public").WithTags("Public pages").AllowAnonymous().RequireRateLimiting(PublicApi.RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        reference.MapGet("/offices", ListOffices)
            .WithName("ListPublicOffices")
            .WithSummary("The offices (code, name, level), for the pages' office pickers and titles; no token needed");
        reference.MapGet("/procedures/{procedureCode}", GetProcedure)
            .WithName("GetPublicProcedure")
            .WithSummary("A procedure's name, level and sector, for the citizen's status page; no token needed")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The pages' words.</summary>
    public static Ok<PageWording> GetWording(HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok(PageWording.Instance);
    }

    /// <summary>All offices, in reference-data order.</summary>
    public static Ok<IReadOnlyList<PublicOffice>> ListOffices(ReferenceData reference, HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok<IReadOnlyList<PublicOffice>>([.. reference.Offices.Values.Select(o => new PublicOffice(o.Code, o.Name, o.Level))]);
    }

    /// <summary>One procedure of the catalogue.</summary>
    public static Ok<PublicProcedure> GetProcedure(string procedureCode, ReferenceData reference, HttpResponse response)
    {
        var procedure = reference.Procedures.GetValueOrDefault(procedureCode)
            ?? throw NotFoundException.Procedure(procedureCode);
        response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Ok(new PublicProcedure(procedure.Code, procedure.Name, procedure.Level, procedure.Sector));
    }

    private static PhysicalFileHttpResult Page(IWebHostEnvironment env, HttpResponse response, string file)
    {
        var page = env.WebRootFileProvider.GetFileInfo(file);
        if (!page.Exists || page.PhysicalPath is null)
        {
            throw new NotFoundException($"Trang {file} không được cài đặt cùng hệ thống (thư mục wwwroot).");
        }

        Secure(response);
        response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(page.PhysicalPath, "text/html; charset=utf-8");
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
