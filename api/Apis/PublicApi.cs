using CaseEngine.Contracts;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Apis;

/// <summary>The public endpoints citizens reach without signing in (the QR code of a slip leads here), rate-limited per address.</summary>
public static class PublicApi
{
    /// <summary>Name of the rate-limiting policy of the public endpoints.</summary>
    public const string RateLimitPolicy = "public";

    private const string NotFoundDetail = "Không có hồ sơ nào khớp với mã hồ sơ và 4 số cuối điện thoại này.";

    /// <summary>Maps <c>/api/public/dossiers/{code}</c>.</summary>
    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/public/dossiers/{code}").WithTags("Citizens").AllowAnonymous().RequireRateLimiting(RateLimitPolicy)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", GetStatus)
            .WithName("GetPublicStatus")
            .WithSummary("A dossier's status and timeline for its citizen, by code and the last 4 digits of the applicant's phone; no personal data");
        api.MapPost("/rating", Rate)
            .WithName("RateDossier")
            .WithSummary("Rate the service once the result is returned, once (satisfied, neutral, dissatisfied; optional comment)")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The citizen's view of a dossier.</summary>
    public static async Task<Results<Ok<PublicStatusView>, ValidationProblem, ProblemHttpResult>> GetStatus(string code, string? phone4, IGrainFactory grains, Faults.ClusterRetry retry)
    {
        if (CitizenForm.LookUp(code, phone4) is { Any: true } errors)
        {
            return errors.Problem();
        }

        return await retry.RunAsync<PublicStatusView?>(() => grains.GetGrain<IDossierGrain>(code).GetPublicStatusAsync(phone4!)) is { } view
            ? TypedResults.Ok(view)
            : NotFound();
    }

    /// <summary>The citizen's rating.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Rate(string code, RatingRequest request, IGrainFactory grains, HttpContext http)
    {
        var errors = CitizenForm.Rating(code, request.Phone4, request.Satisfaction, request.Comment);
        if (errors.Any)
        {
            return errors.Problem();
        }

        return await grains.GetGrain<IDossierGrain>(code).RateAsync(request.Phone4!, request.Satisfaction!.Value, request.Comment?.Trim(), RequestFacts.CitizenAudit(http, code))
            ? TypedResults.NoContent()
            : NotFound();
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: ProblemTitles.NotFound, detail: NotFoundDetail);
}
