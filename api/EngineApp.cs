using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using CaseEngine.Api.Accounts;
using CaseEngine.Api.Apis;
using CaseEngine.Api.Portals;
using CaseEngine.Api.Security;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;

namespace CaseEngine.Api;

/// <summary>Builds the engine: the Orleans silo and the HTTP API in one web application.</summary>
public static class EngineApp
{
    /// <summary>
    /// Reads the settings, prepares the database and builds the application, ready to run. On a start-up problem
    /// (settings, reference data or database) it writes one line to standard error and returns null.
    /// </summary>
    /// <param name="args">Command-line arguments, read as configuration like the environment and appsettings.json.</param>
    public static async Task<WebApplication?> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        // Counter and portal requests are small JSON documents: anything bigger is refused before it is read (413).
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = Limits.MaxRequestBodyBytes;
            o.Limits.MaxRequestHeadersTotalSize = Limits.MaxRequestHeaderBytes;
            o.Limits.MaxRequestLineSize = Limits.MaxRequestLineBytes;
        });

        // Every setting is registered as options checked on start, and read now through the same checks, so that a bad
        // one stops the engine with one line before the database is touched.
        PublicSiteOptions site;
        AuthenticationBuilder authentication;
        try
        {
            var auth = builder.AddEngineSettings(new AuthSettingsValidator());
            site = builder.AddEngineSettings(new PublicSiteOptionsValidator());
            builder.AddEngineSettings(new PortalsSettingsValidator());
            builder.AddEngineSettings(new Faults.FaultOptionsValidator());
            builder.AddServiceQrCodes();
            builder.AddLobbyBoards();
            await builder.AddCaseEngineSiloAsync();
            authentication = builder.AddEngineAccounts(auth);
        }
        catch (ReferenceDataException e)
        {
            Console.Error.WriteLine($"CaseEngine cannot start: reference data {e.Message}");
            return null;
        }
        catch (EngineStartupException e)
        {
            Console.Error.WriteLine($"CaseEngine cannot start: {e.Message}");
            return null;
        }

        builder.Services.AddSingleton(sp => PublicSite.From(sp.GetRequiredService<IOptions<PublicSiteOptions>>().Value));
        builder.Services.AddCaseEnginePortals();

        // Drains requests before the web server and the silo stop: see Draining.
        builder.Services.AddSingleton<Draining>();
        builder.Services.AddSingleton<RequestFraming>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Draining>());
        builder.Services.AddHealthChecks()
            .AddCheck<NotStoppingHealthCheck>("shutdown", tags: [SiloHosting.ReadyTag])
            .AddCheck<CalendarCoverageHealthCheck>("calendar", tags: [SiloHosting.ReadyTag]);
        authentication.AddJwtBearer();
        builder.Services.AddSingleton<AntiforgeryCheck>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthSettings>>((o, settings) =>
        {
            var auth = settings.Value;
            o.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(auth.Authority))
            {
                o.Authority = auth.Authority;
            }

            o.TokenValidationParameters = new TokenValidationParameters
            {
                // The engine's own token server (machine clients) signs with a key derived from the local one.
                ValidIssuers = TokenServerKeys.From(auth) is null ? [auth.Issuer] : [auth.Issuer, TokenServerKeys.Issuer],
                ValidAudience = auth.Audience,
                IssuerSigningKeys = new SecurityKey?[] { auth.LocalKey(), TokenServerKeys.From(auth)?.Signing }.OfType<SecurityKey>().ToList(),
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromMinutes(1),
                NameClaimType = EngineClaims.Name,
                RoleClaimType = EngineClaims.Role,
            };
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, time) =>
        {
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    if (!await AccountCheck.IsCurrentAsync(context.HttpContext, context.Principal))
                    {
                        context.Fail("The account of this token is disabled or changed.");
                    }
                },
            };
            o.TokenHandlers.Clear();
            o.TokenHandlers.Add(new ValidatedTokenCache(new JsonWebTokenHandler { MapInboundClaims = false }, time));
        });
        builder.Services.AddAuthorization();
        var publicPermits = site.PublicRequestsPerMinute;
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(PublicApi.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = publicPermits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = TooManyRequests.OnRejected((policy, http) => policy switch
            {
                BoardApi.StreamRateLimitPolicy => BoardApi.StreamRateLimitDetail(http),
                _ => $"At most {publicPermits} requests a minute from one address; try again in a minute.",
            });
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = RequestProblems.Customize);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton<Faults.FaultLog>();
        builder.Services.AddSingleton<Faults.ClusterRetry>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

            // A body that names a property twice means two things; it is refused (400) rather than read as the last.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CaseEngine",
                Version = "v1",
                Description = "Dossiers of one-stop offices with working-time deadlines (Gia Lâm: \"Tuesday: no writing, no appointment slip\").",
            });
            o.SupportNonNullableReferenceTypes();

            // A step's kind goes as its name (StepKindJsonConverter), not as the record it is in the code.
            o.MapType<StepKind>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. StepKind.All.Select(k => JsonValue.Create(k.Name))],
            });
            o.AddSecurityDefinition(JwtBearerDefaults.AuthenticationScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token of the office's identity provider, or from ./run.sh token.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(JwtBearerDefaults.AuthenticationScheme, document)] = [],
            });
        });

        var app = builder.Build();

        // The options' own check on start (ValidateOnStart), run now so that a setting the host was given after it was
        // composed is refused with one line too, rather than by the host's start.
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"CaseEngine cannot start: {EngineSettings.Describe(e.Failures)}");
            await app.DisposeAsync();
            return null;
        }

        app.UseMiddleware<Draining>();
        app.UseMiddleware<RequestFraming>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The web pages (wwwroot): home page, lobby board, citizen's status page. Before authentication: all public.
        app.UseWebPages();
        app.UseAuthentication();
        app.UseMiddleware<AntiforgeryCheck>();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseSwagger();
        app.UseSwaggerUI();

        app.MapHealth();
        app.MapSessionApi();
        app.MapTokenApi();
        app.MapAccountsAdminApi();
        app.MapOfficesApi();
        app.MapCalendarAdminApi();
        app.MapCatalogueAdminApi();
        app.MapProceduresApi();
        app.MapDossiersApi();
        app.MapSlipsApi();
        app.MapPortalsApi();
        app.MapPublicApi();
        app.MapServicesApi();
        app.MapStatisticsApi();
        app.MapWebPages();
        app.MapBoardApi();
        return app;
    }
}
