using CaseEngine.Api.Security;
using CaseEngine.Api.Slips;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>Printable slips: receipt and appointment, supplement request, refusal, apology, process control.</summary>
public static class SlipsApi
{
    /// <summary>Maps <c>/api/dossiers/{code}/slips</c>.</summary>
    public static IEndpointRouteBuilder MapSlipsApi(this IEndpointRouteBuilder app)
    {
        var slips = app.MapGroup("/api/dossiers/{code}/slips").WithTags("Slips").OwnOfficeOnly().Allow(Permissions.Readers)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        slips.MapGet("/", ListSlips)
            .WithName("ListSlips")
            .WithSummary("The dossier's slips, which of them it has now, and where to get each");
        slips.MapGet("/{kind}", GetSlip)
            .WithName("GetSlip")
            .WithSummary("A slip as a printable A5 PDF in Vietnamese, with the dossier code and a QR code of its status page")
            .WithDescription("Kinds: receipt (form 01, not for fast-track dossiers), supplement-request (02), refusal (03), apology (04), process-control (05).")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>Lists the slips.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SlipLink>>, ValidationProblem>> ListSlips(string code, IGrainFactory grains, Faults.ClusterRetry retry)
    {
        if (DossiersApi.InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        var (dossier, history) = await ReadAsync(grains, retry, code);
        IReadOnlyList<SlipLink> links =
        [
            .. Enum.GetValues<SlipKind>().Select(kind =>
            {
                var reason = SlipComposer.Unavailable(kind, dossier, history);
                return new SlipLink(kind.Slug(), kind.FormNumber(), kind.Title(), reason is null, reason, $"/api/dossiers/{code}/slips/{kind.Slug()}");
            }),
        ];
        return TypedResults.Ok(links);
    }

    /// <summary>Prints one slip.</summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetSlip(
        string code, string kind, IGrainFactory grains, Faults.ClusterRetry retry, ReferenceData reference, PublicSite site, TimeProvider time, HttpRequest request)
    {
        if (DossiersApi.InvalidCode(code) is { } invalid)
        {
            return invalid;
        }

        if (SlipComposer.FromSlug(kind) is not { } slip)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: ProblemTitles.NotFound,
                detail: $"'{kind}' is not a slip; slips are {string.Join(", ", Enum.GetValues<SlipKind>().Select(k => k.Slug()))}.");
        }

        var (dossier, history) = await ReadAsync(grains, retry, code);
        if (SlipComposer.Unavailable(slip, dossier, history) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: ProblemTitles.NoSuchSlip, detail: reason);
        }

        var office = reference.Offices[dossier.OfficeCode];
        var source = new SlipSource(
            dossier,
            history,
            office,
            reference.Procedures[dossier.ProcedureCode],
            site.StatusPage(code, request),
            office.Calendar.ToLocal(time.GetUtcNow()));
        return TypedResults.File(SlipComposer.Compose(slip, source), "application/pdf", $"{code}-{slip.Slug()}.pdf");
    }

    private static async Task<(DossierView Dossier, IReadOnlyList<HistoryEntry> History)> ReadAsync(IGrainFactory grains, Faults.ClusterRetry retry, string code)
    {
        var grain = grains.GetGrain<IDossierGrain>(code);
        var dossier = await retry.RunAsync<DossierView?>(grain.GetAsync) ?? throw NotFoundException.Dossier(code);
        return (dossier, await retry.RunAsync(grain.GetHistoryAsync));
    }
}
