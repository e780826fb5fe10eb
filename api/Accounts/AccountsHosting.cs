using System.Security.Cryptography;
using System.Text;
using CaseEngine.Api.Security;
using CaseEngine.Silo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Api.Accounts;

/// <summary>
/// Composes the engine's accounts: the Identity store (PostgreSQL, or memory in memory mode), cookie sessions for the
/// pages beside the bearer tokens, antiforgery, and the OAuth token server for machine clients.
/// </summary>
public static class AccountsHosting
{
    /// <summary>The default scheme: a cookie session or a bearer token, whichever the request carries.</summary>
    public const string EngineScheme = "Engine";

    /// <summary>The cookie session of the pages.</summary>
    public const string SessionScheme = "Session";

    /// <summary>Name of the session cookie.</summary>
    public const string SessionCookie = "caseengine.session";

    /// <summary>Header that carries the antiforgery token of a cookie session's state-changing request.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>Where the sign-in time is kept in the session's properties (sliding renewal resets its issue time).</summary>
    public const string SignedInAtItem = "signedInAt";

    /// <summary>The account store alone (Identity over EF Core): for the engine and for the first-administrator command.</summary>
    /// <param name="services">Services.</param>
    /// <param name="settings">Account rules.</param>
    /// <param name="connectionString">PostgreSQL; memory when null.</param>
    public static IdentityBuilder AddAccountStore(this IServiceCollection services, AccountSettings settings, string? connectionString)
    {
        var memoryName = $"accounts-{Guid.NewGuid():N}";
        services.AddDbContext<AccountsDbContext>(o =>
        {
            if (connectionString is null)
            {
                o.UseInMemoryDatabase(memoryName);
            }
            else
            {
                o.UseNpgsql(connectionString);
            }

            o.UseOpenIddict();

            // Every engine in a test process has its own store; EF's note about many internal providers is expected there.
            o.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning));
        });
        services.AddScoped<AccountAudit>();
        return services.AddIdentityCore<StaffAccount>(o =>
            {
                o.User.AllowedUserNameCharacters = AccountRules.UserNameCharacters;
                o.Password.RequiredLength = settings.MinimumPasswordLength;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
                o.ClaimsIdentity.UserIdClaimType = EngineClaims.Subject;
                o.ClaimsIdentity.UserNameClaimType = EngineClaims.Name;
                o.ClaimsIdentity.RoleClaimType = EngineClaims.Role;
                o.ClaimsIdentity.SecurityStampClaimType = EngineClaims.Stamp;
            })
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddErrorDescriber<VietnameseIdentityErrors>()
            .AddTokenProvider<AuthenticatorTokenProvider<StaffAccount>>(TokenOptions.DefaultAuthenticatorProvider);
    }

    /// <summary>
    /// Accounts, sessions and tokens: the account store, data-protection keys kept with it, the default scheme choosing
    /// between the session cookie and the bearer handler, antiforgery, and (with a local key) the OAuth token server.
    /// </summary>
    public static AuthenticationBuilder AddEngineAccounts(this IHostApplicationBuilder builder, AuthSettings auth)
    {
        var settings = builder.AddEngineSettings(new AccountSettingsValidator());
        var storage = new CaseEngineOptionsValidator().Read(builder.Configuration).Storage;
        var services = builder.Services;
        services.AddAccountStore(settings, storage == StorageMode.Memory ? null : SiloHosting.ConnectionString(builder.Configuration));
        services.AddDataProtection().SetApplicationName("CaseEngine").PersistKeysToDbContext<AccountsDbContext>();
        services.AddSingleton<AccountStates>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "caseengine.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var tokenServer = TokenServerKeys.From(auth);
        if (tokenServer is not null)
        {
            services.AddSingleton(tokenServer);
            services.AddOpenIddict()
                .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<AccountsDbContext>())
                .AddServer(o =>
                {
                    o.SetIssuer(new Uri(TokenServerKeys.Issuer));
                    o.SetTokenEndpointUris(TokenApi.Path.TrimStart('/'));
                    o.AllowClientCredentialsFlow();
                    o.AddSigningKey(tokenServer.Signing);
                    o.AddEncryptionKey(tokenServer.Encryption);

                    // Plain signed JWTs, so the one bearer handler validates them beside the other tokens.
                    o.DisableAccessTokenEncryption();
                    o.SetAccessTokenLifetime(TimeSpan.FromMinutes(settings.ClientTokenMinutes));
                    o.UseAspNetCore().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();

                    // The bearer handler checks the tokens' lifetimes by the system clock, as it does every token's.
                    o.Configure(server => server.TimeProvider = TimeProvider.System);
                });
        }

        // Sessions expire by the engine's clock, which the tests drive.
        services.AddOptions<CookieAuthenticationOptions>(SessionScheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        return services.AddAuthentication(EngineScheme)
            .AddPolicyScheme(EngineScheme, "Phiên đăng nhập hoặc thẻ", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey(SessionCookie)
                    ? SessionScheme
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddCookie(SessionScheme, o =>
            {
                o.Cookie.Name = SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(settings.IdleMinutes);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                o.Events.OnValidatePrincipal = async context =>
                {
                    // Sliding renewal moves the ticket's issue time; the sign-in time it keeps ends the session however busy.
                    var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                    if (!context.Properties.Items.TryGetValue(SignedInAtItem, out var at)
                        || !DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedInAt)
                        || signedInAt.AddHours(settings.SessionHours) <= now
                        || !await AccountCheck.IsCurrentAsync(context.HttpContext, context.Principal))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(SessionScheme);
                    }
                };
            });
    }
}

/// <summary>The rules of account ids.</summary>
public static class AccountRules
{
    /// <summary>Characters of an account id: lower-case letters without marks, digits, dot, underscore, hyphen.</summary>
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789._-";

    /// <summary>Longest account id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest full name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>A random password that meets the rules: shown once to whoever set it.</summary>
    public static string NewPassword()
    {
        // No look-alikes (0/O, 1/l/I); one of each class is then guaranteed by the fixed head.
        const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        const string Lower = "abcdefghijkmnopqrstuvwxyz";
        const string Digits = "23456789";
        const string All = Upper + Lower + Digits;
        var text = new StringBuilder();
        text.Append(Upper[RandomNumberGenerator.GetInt32(Upper.Length)]);
        text.Append(Lower[RandomNumberGenerator.GetInt32(Lower.Length)]);
        text.Append(Digits[RandomNumberGenerator.GetInt32(Digits.Length)]);
        for (var i = 0; i < 13; i++)
        {
            text.Append(All[RandomNumberGenerator.GetInt32(All.Length)]);
        }

        return text.ToString();
    }

    /// <summary>A random client secret (URL-safe base64 of 32 bytes).</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// The keys of the OAuth token server, derived from the local signing key (so every engine process shares them and
/// nothing else is to keep): one signs the access tokens, which the bearer handler validates like the others.
/// </summary>
public sealed class TokenServerKeys
{
    /// <summary>The token server's issuer (<c>iss</c> of its tokens).</summary>
    public const string Issuer = "urn:caseengine:token-server";

    private TokenServerKeys(ECDsaSecurityKey signing, SymmetricSecurityKey encryption)
    {
        Signing = signing;
        Encryption = encryption;
    }

    /// <summary>Signs access tokens (ECDSA P-256: OpenIddict signs with asymmetric keys only).</summary>
    public ECDsaSecurityKey Signing { get; }

    /// <summary>Encrypts the server's own tokens (OpenIddict requires one even when access tokens are not encrypted).</summary>
    public SymmetricSecurityKey Encryption { get; }

    /// <summary>The keys for <paramref name="auth"/>, or null without a local key (tokens then come from the identity provider only).</summary>
    public static TokenServerKeys? From(AuthSettings auth)
    {
        if (string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            return null;
        }

        var local = Convert.FromBase64String(auth.SigningKey);
        byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, local, 32, info: Encoding.UTF8.GetBytes(purpose));
        string KeyId(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes))[..16];

        // The private scalar comes from the local key, so every process derives the same key pair and nothing else is kept.
        var scalar = Derive("caseengine token server signing");
        var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        var encryption = Derive("caseengine token server encryption");
        return new TokenServerKeys(new ECDsaSecurityKey(ecdsa) { KeyId = KeyId(scalar) }, new SymmetricSecurityKey(encryption) { KeyId = KeyId(encryption) });
    }
}
