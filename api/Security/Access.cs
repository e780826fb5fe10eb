using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CaseEngine.Api.Security;

/// <summary>Who may call an endpoint, and on which office's dossiers.</summary>
public static class Access
{
    /// <summary>Requires a valid token of one of <paramref name="roles"/> that names its user, a known role and an office.</summary>
    public static TBuilder Allow<TBuilder>(this TBuilder endpoint, params Role[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => EngineUser.From(context.User) is not null)
            .RequireRole([.. roles.Select(r => r.ToString())]));

    /// <summary>
    /// Refuses (403) a user whose office is not the one in the route: the <c>officeCode</c> route value, or the office
    /// prefix of the <c>code</c> of a dossier. A malformed code is left to the endpoint's own 400.
    /// </summary>
    public static TBuilder OwnOfficeOnly<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var office = http.GetRouteValue("officeCode") as string
                ?? (http.GetRouteValue("code") is string code && DossierCodeFormat.IsValid(code) ? DossierCodeFormat.OfficeCodeOf(code) : null);
            if (office is not null && EngineUser.From(http.User) is { } user && !user.Reaches(office))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Hồ sơ của cơ quan khác",
                    detail: $"Nội dung này thuộc cơ quan {office}; bạn làm việc tại cơ quan {user.OfficeCode}.");
            }

            return await next(context);
        });

    /// <summary>
    /// Refuses (403) a user whose token does not reach every office of the district (scope <c>district</c>), saying that
    /// only district administrators may do <paramref name="what"/> (by default: change the reference data).
    /// </summary>
    public static TBuilder DistrictOnly<TBuilder>(this TBuilder endpoint, string what = "thay đổi dữ liệu danh mục")
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
            EngineUser.From(context.HttpContext.User) is { DistrictWide: false } user
                ? Forbidden($"Chỉ quản trị viên cấp huyện được {what}; tài khoản của bạn thuộc cơ quan {user.OfficeCode}.")
                : await next(context));

    /// <summary>The signed-in user; endpoints reached through <see cref="Allow{TBuilder}"/> always have one.</summary>
    public static EngineUser User(HttpContext context) =>
        EngineUser.From(context.User) ?? throw new InvalidOperationException("The endpoint is not protected by Access.Allow.");

    /// <summary>A 403 problem, for documentation of the endpoints.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: ProblemTitles.Forbidden, detail: detail);
}
