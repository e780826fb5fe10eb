using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api.Security;

/// <summary>A refusal says which roles the endpoint needs and which the user has, as an RFC 9457 problem.</summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList();
        var user = EngineUser.From(context.User);
        var detail = user is null
            ? "Thẻ đăng nhập không ghi rõ người dùng, vai trò và cơ quan."
            : $"Việc này dành cho {string.Join(" hoặc ", needed.Select(n => Enum.TryParse<Role>(n, out var r) ? r.VietnameseName() : n))}; bạn là {user.Role.VietnameseName()}.";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Không đúng vai trò", Detail = detail },
        });
    }
}
