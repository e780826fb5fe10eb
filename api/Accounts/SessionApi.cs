using System.Globalization;
using System.Security.Claims;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Reference;
using CaseEngine.Domain.Validation;
using CaseEngine.Domain.Wording;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace CaseEngine.Api.Accounts;

/// <summary>A sign-in.</summary>
/// <param name="UserName">Account id, such as <c>cb.tiepnhan</c>.</param>
/// <param name="Password">Password.</param>
/// <param name="Code">The 6-digit code of the authenticator app, for accounts that enrolled one.</param>
public sealed record SignInRequest(string? UserName, string? Password, string? Code = null);

/// <summary>The antiforgery token a page sends with every state-changing request of its cookie session.</summary>
/// <param name="HeaderName">Header to send it in.</param>
/// <param name="Token">The token.</param>
public sealed record AntiforgeryView(string HeaderName, string Token);

/// <summary>Who is signed in.</summary>
/// <param name="Id">Account id: the actor recorded on every step.</param>
/// <param name="FullName">Full name.</param>
/// <param name="Role">Role.</param>
/// <param name="RoleName">The role in Vietnamese.</param>
/// <param name="OfficeCode">The office.</param>
/// <param name="OfficeName">The office's name, when the reference data knows it.</param>
/// <param name="DistrictWide">Whether the account reaches every office.</param>
/// <param name="Via"><c>Session</c> (a cookie of the pages) or <c>Token</c> (a bearer token).</param>
/// <param name="Antiforgery">For a cookie session: the token to send with state-changing requests.</param>
public sealed record SessionView(
    string Id, string FullName, Role Role, string RoleName, string OfficeCode, string? OfficeName, bool DistrictWide, string Via, AntiforgeryView? Antiforgery);

/// <summary>A new authenticator key, to enter in the app (or scan as a QR code of <paramref name="Uri"/>).</summary>
/// <param name="Key">The shared key, base32.</param>
/// <param name="Uri">The <c>otpauth://</c> address of the key.</param>
public sealed record AuthenticatorKeyView(string Key, string Uri);

/// <summary>An authenticator code to confirm enrolment.</summary>
/// <param name="Code">The 6-digit code the app shows now.</param>
public sealed record AuthenticatorCodeRequest(string? Code);

/// <summary>
/// Sign-in, sign-out and who is signed in, for the pages: a cookie session (HttpOnly, SameSite=Strict, Secure on
/// https) that ends after <see cref="AccountSettings.IdleMinutes"/> unused and <see cref="AccountSettings.SessionHours"/>
/// after sign-in, with a new session at every sign-in. Each state-changing request of a cookie session carries the
/// antiforgery token in <see cref="AccountsHosting.AntiforgeryHeader"/> (<see cref="AntiforgeryCheck"/>).
/// </summary>
public static class SessionApi
{
    /// <summary>Maps <c>/api/session</c>.</summary>
    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/session").WithTags("Session");
        api.MapPost("/", SignInAsync).WithName("SignIn").WithSummary("Sign in: sets the session cookie")
            .AllowAnonymous().RequireRateLimiting(Apis.PublicApi.RateLimitPolicy)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        var signedIn = api.MapGroup("/").Allow(Enum.GetValues<Role>()).ProducesProblem(StatusCodes.Status401Unauthorized);
        signedIn.MapGet("/", GetSession).WithName("GetSession").WithSummary("Who is signed in, and the antiforgery token of a cookie session");
        signedIn.MapDelete("/", SignOutAsync).WithName("SignOut").WithSummary("Sign out: ends the cookie session");
        signedIn.MapPost("/authenticator", NewAuthenticatorKeyAsync).WithName("NewAuthenticatorKey")
            .WithSummary("A new authenticator key for the signed-in person (two-factor sign-in starts once a code is confirmed)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        signedIn.MapPost("/authenticator/verify", VerifyAuthenticatorAsync).WithName("VerifyAuthenticator")
            .WithSummary("Confirms the authenticator with a code: sign-ins ask for a code from now on")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>Checks the password (and the authenticator code when enrolled) and starts a new session.</summary>
    public static async Task<Results<Ok<SessionView>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, UserManager<StaffAccount> users, AccountAudit audit, IAntiforgery antiforgery,
        ReferenceData reference, TimeProvider time)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors.Add("userName", "Tên tài khoản là bắt buộc.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "Mật khẩu là bắt buộc.");
        }

        if (errors.Any)
        {
            return errors.Problem();
        }

        var name = request.UserName!.Trim().ToLowerInvariant();
        var account = await users.FindByNameAsync(name);
        async Task<ProblemHttpResult> RefuseAsync(string why, string reason, string detail)
        {
            await audit.WriteAsync(name, AccountEvents.SignInFailed, name, why, http);
            return Refused(reason, detail);
        }

        const string Wrong = "Tên tài khoản hoặc mật khẩu không đúng.";
        if (account is not { Kind: AccountKind.Person })
        {
            return await RefuseAsync("Không có tài khoản này.", "invalid", Wrong);
        }

        if (!account.Active)
        {
            return await RefuseAsync("Tài khoản đã bị vô hiệu hóa.", "invalid", Wrong);
        }

        if (await users.IsLockedOutAsync(account))
        {
            return await RefuseAsync("Tài khoản đang tạm khóa.", "lockedOut", LockedOut(account));
        }

        if (!await users.CheckPasswordAsync(account, request.Password!))
        {
            await users.AccessFailedAsync(account);
            return await users.IsLockedOutAsync(account)
                ? await RefuseAsync($"Sai mật khẩu; tài khoản bị tạm khóa sau {users.Options.Lockout.MaxFailedAccessAttempts} lần sai liên tiếp.", "lockedOut", LockedOut(account))
                : await RefuseAsync($"Sai mật khẩu (lần sai thứ {await users.GetAccessFailedCountAsync(account)} liên tiếp).", "invalid", Wrong);
        }

        if (account.TwoFactorEnabled)
        {
            var code = request.Code?.Replace(" ", "", StringComparison.Ordinal);
            if (string.IsNullOrEmpty(code))
            {
                return Refused("twoFactorRequired", "Hãy nhập mã 6 chữ số trên ứng dụng xác thực của bạn.");
            }

            if (!await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
            {
                await users.AccessFailedAsync(account);
                return await RefuseAsync("Sai mã xác thực.", "invalidCode", "Mã xác thực không đúng hoặc đã hết hạn.");
            }
        }

        await users.ResetAccessFailedCountAsync(account);
        var sessionId = await StartSessionAsync(http, account, time);
        await audit.WriteAsync(account.Id, AccountEvents.SignedIn, account.Id, $"Phiên {sessionId}.", http);
        return TypedResults.Ok(View(http, reference, antiforgery));
    }

    /// <summary>Who is signed in.</summary>
    public static Ok<SessionView> GetSession(HttpContext http, ReferenceData reference, IAntiforgery antiforgery) =>
        TypedResults.Ok(View(http, reference, antiforgery));

    /// <summary>Ends the cookie session (a bearer token simply stops being sent).</summary>
    public static async Task<NoContent> SignOutAsync(HttpContext http, AccountAudit audit)
    {
        if (IsSession(http.User))
        {
            var user = Access.User(http);
            await http.SignOutAsync(AccountsHosting.SessionScheme);
            await audit.WriteAsync(user.Id, AccountEvents.SignedOut, user.Id, $"Phiên {http.User.FindFirstValue(EngineClaims.Session)}.", http);
        }

        return TypedResults.NoContent();
    }

    /// <summary>A new authenticator key for the signed-in person; two-factor sign-in is on once a code confirms it.</summary>
    public static async Task<Results<Ok<AuthenticatorKeyView>, ProblemHttpResult>> NewAuthenticatorKeyAsync(
        HttpContext http, UserManager<StaffAccount> users, AccountStates states, TimeProvider time)
    {
        if (await SignedInPersonAsync(http, users) is not { } account)
        {
            return NotAPerson();
        }

        await users.ResetAuthenticatorKeyAsync(account);
        var key = await users.GetAuthenticatorKeyAsync(account) ?? "";
        await RenewAsync(http, account, states, time);
        var label = Uri.EscapeDataString($"CaseEngine:{account.Id}");
        return TypedResults.Ok(new AuthenticatorKeyView(key, $"otpauth://totp/{label}?secret={key}&issuer=CaseEngine&digits=6"));
    }

    /// <summary>Turns two-factor sign-in on with a code of the enrolled key.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> VerifyAuthenticatorAsync(
        AuthenticatorCodeRequest request, HttpContext http, UserManager<StaffAccount> users, AccountStates states, AccountAudit audit, TimeProvider time)
    {
        if (await SignedInPersonAsync(http, users) is not { } account)
        {
            return NotAPerson();
        }

        var code = request.Code?.Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(code) || await users.GetAuthenticatorKeyAsync(account) is null
            || !await users.VerifyTwoFactorTokenAsync(account, TokenOptions.DefaultAuthenticatorProvider, code))
        {
            return new FieldErrors().Add("code", "Mã xác thực không đúng hoặc đã hết hạn; hãy nhập mã đang hiện trên ứng dụng.").Problem();
        }

        await users.SetTwoFactorEnabledAsync(account, true);
        await RenewAsync(http, account, states, time);
        await audit.WriteAsync(account.Id, AccountEvents.TwoFactorEnabled, account.Id, null, http);
        return TypedResults.NoContent();
    }

    /// <summary>Whether <paramref name="principal"/> came from the session cookie.</summary>
    public static bool IsSession(ClaimsPrincipal principal) => principal.Identity?.AuthenticationType == AccountsHosting.SessionScheme;

    // A new ticket with a new session id replaces whatever cookie the browser had: no session is carried over a sign-in.
    private static async Task<string> StartSessionAsync(HttpContext http, StaffAccount account, TimeProvider time, string? signedInAt = null)
    {
        var sessionId = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var principal = new ClaimsPrincipal(AccountPrincipal.Of(account, AccountsHosting.SessionScheme, sessionId));
        var properties = new AuthenticationProperties { IsPersistent = false, AllowRefresh = true };
        properties.Items[AccountsHosting.SignedInAtItem] = signedInAt ?? time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        await http.SignInAsync(AccountsHosting.SessionScheme, principal, properties);
        http.User = principal;
        return sessionId;
    }

    // A change of the account's own security stamp (enrolling an authenticator) would end the session it was made in.
    private static async Task RenewAsync(HttpContext http, StaffAccount account, AccountStates states, TimeProvider time)
    {
        states.Forget(account.Id);
        if (IsSession(http.User))
        {
            var current = await http.AuthenticateAsync(AccountsHosting.SessionScheme);
            string? signedInAt = null;
            current.Properties?.Items.TryGetValue(AccountsHosting.SignedInAtItem, out signedInAt);
            await StartSessionAsync(http, account, time, signedInAt);
        }
    }

    private static async Task<StaffAccount?> SignedInPersonAsync(HttpContext http, UserManager<StaffAccount> users) =>
        await users.FindByIdAsync(Access.User(http).Id) is { Kind: AccountKind.Person, Active: true } account ? account : null;

    private static ProblemHttpResult NotAPerson() => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: ProblemTitles.RuleViolation,
        detail: "Chỉ tài khoản cá nhân do hệ thống quản lý mới đăng ký được ứng dụng xác thực.");

    private static SessionView View(HttpContext http, ReferenceData reference, IAntiforgery antiforgery)
    {
        var user = Access.User(http);
        var session = IsSession(http.User);
        var token = session ? antiforgery.GetAndStoreTokens(http).RequestToken : null;
        return new SessionView(
            user.Id,
            http.User.FindFirstValue(EngineClaims.Name) ?? user.Id,
            user.Role,
            user.Role.VietnameseName(),
            user.OfficeCode,
            reference.Offices.TryGetValue(user.OfficeCode, out var office) ? office.Name : null,
            user.DistrictWide,
            session ? "Session" : "Token",
            token is null ? null : new AntiforgeryView(AccountsHosting.AntiforgeryHeader, token));
    }

    private static string LockedOut(StaffAccount account) =>
        $"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần liên tiếp; hãy thử lại sau {account.LockoutEnd?.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm", CultureInfo.InvariantCulture)} hoặc nhờ quản trị viên đặt lại mật khẩu.";

    private static ProblemHttpResult Refused(string reason, string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Không đăng nhập được",
        detail: detail,
        extensions: new Dictionary<string, object?> { ["reason"] = reason });
}

/// <summary>
/// Refuses (400) a state-changing request of a cookie session without its antiforgery token: a page of another site
/// cannot act with the cookie the browser would send. Bearer-token requests need none; signing in needs none.
/// </summary>
internal sealed class AntiforgeryCheck(IAntiforgery antiforgery, IProblemDetailsService problems) : IMiddleware
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (SessionApi.IsSession(context.User)
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && !(HttpMethods.IsPost(method) && context.Request.Path.Equals("/api/session", StringComparison.OrdinalIgnoreCase))
            && !await antiforgery.IsRequestValidAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Thiếu mã chống giả mạo",
                    Detail = $"Yêu cầu thay đổi dữ liệu của phiên đăng nhập phải gửi mã chống giả mạo trong tiêu đề {AccountsHosting.AntiforgeryHeader}; "
                        + "lấy mã ở GET /api/session rồi gửi lại.",
                },
            });
            return;
        }

        await next(context);
    }
}
