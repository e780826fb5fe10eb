using System.Security.Claims;
using CaseEngine.Api.Security;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;

namespace CaseEngine.Api.Accounts;

/// <summary>
/// The OAuth 2.0 token endpoint of machine clients (client credentials, RFC 6749 §4.4), served by OpenIddict: it has
/// checked the client id and secret before this runs; this checks the client's account is active and puts the engine's
/// claims (role, office, the account's security stamp) into the access token.
/// </summary>
public static class TokenApi
{
    /// <summary>Address of the token endpoint.</summary>
    public const string Path = "/connect/token";

    /// <summary>Maps the token endpoint when the token server runs (a local key is configured).</summary>
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<TokenServerKeys>() is not null)
        {
            app.MapPost(Path, IssueAsync).WithTags("Session").WithName("Token")
                .WithSummary("OAuth 2.0 client credentials: grant_type=client_credentials, client_id, client_secret (form)")
                .AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    /// <summary>An access token for the client that authenticated.</summary>
    public static async Task<IResult> IssueAsync(HttpContext http, UserManager<StaffAccount> users, AccountAudit audit, IOptions<AuthSettings> auth)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("The token request was not read by the token server.");
        if (!request.IsClientCredentialsGrantType())
        {
            return Refuse(OpenIddictConstants.Errors.UnsupportedGrantType, "Chỉ hỗ trợ grant_type=client_credentials.");
        }

        if (await users.FindByIdAsync(request.ClientId ?? "") is not { Kind: AccountKind.Client, Active: true } account)
        {
            await audit.WriteAsync(request.ClientId ?? "", AccountEvents.SignInFailed, request.ClientId ?? "", "Ứng dụng đã bị vô hiệu hóa hoặc không có tài khoản.", http);
            return Refuse(OpenIddictConstants.Errors.InvalidClient, "Ứng dụng đã bị vô hiệu hóa.");
        }

        var identity = AccountPrincipal.Of(account, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        identity.SetClaim(OpenIddictConstants.Claims.ClientId, account.Id);
        var principal = new ClaimsPrincipal(identity);
        principal.SetResources(auth.Value.Audience);
        identity.SetDestinations(_ => [OpenIddictConstants.Destinations.AccessToken]);
        await audit.WriteAsync(account.Id, AccountEvents.TokenIssued, account.Id, null, http);
        return Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
