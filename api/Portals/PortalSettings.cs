using CaseEngine.Domain.Dossiers;
using CaseEngine.Silo;

namespace CaseEngine.Api.Portals;

/// <summary>
/// Where one portal is and how the engine and the portal know each other (<c>CaseEngine:Portals:National:*</c>,
/// <c>CaseEngine:Portals:City:*</c>). Without a base address, updates for that portal wait in the outbox.
/// </summary>
public sealed class PortalSettings
{
    /// <summary>The portal's API address, to which status updates are posted.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The user (<c>sub</c>) of the portal's PortalClient token: only it submits that portal's dossiers.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Basic-authentication user for the national portal's API.</summary>
    public string? UserName { get; set; }

    /// <summary>Basic-authentication password for the national portal's API.</summary>
    public string? Password { get; set; }

    /// <summary>API key for the city portal's API (header <c>X-API-Key</c>).</summary>
    public string? ApiKey { get; set; }
}

/// <summary>Both portals' settings.</summary>
/// <param name="National">The National Public Service Portal (Cổng Dịch vụ công quốc gia).</param>
/// <param name="City">Hà Nội's city portal (Cổng Dịch vụ công thành phố Hà Nội).</param>
/// <param name="Timeout">How long one delivery attempt may take before it counts as failed (<c>CaseEngine:Portals:TimeoutSeconds</c>, default 30).</param>
public sealed record PortalsSettings(PortalSettings National, PortalSettings City, TimeSpan Timeout)
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CaseEngine:Portals";

    /// <summary>The settings of <paramref name="portal"/>.</summary>
    public PortalSettings For(Channel portal) => portal == Channel.NationalPortal ? National : City;

    /// <summary>Reads and checks the settings.</summary>
    /// <exception cref="EngineStartupException">A base address is not an absolute http or https address.</exception>
    public static PortalsSettings Read(IConfiguration configuration)
    {
        var national = Read(configuration, "National", "portal.dvcqg");
        var city = Read(configuration, "City", "portal.hanoi");
        if (national.ClientId == city.ClientId)
        {
            throw new EngineStartupException($"{Section}:National:ClientId and {Section}:City:ClientId must differ: each portal submits as its own client.");
        }

        var seconds = configuration.GetValue($"{Section}:TimeoutSeconds", 30.0);
        if (seconds is <= 0 or > 600)
        {
            throw new EngineStartupException($"{Section}:TimeoutSeconds must be more than 0 and at most 600, not {seconds}.");
        }

        return new PortalsSettings(national, city, TimeSpan.FromSeconds(seconds));
    }

    private static PortalSettings Read(IConfiguration configuration, string name, string defaultClient)
    {
        var section = configuration.GetSection($"{Section}:{name}");
        return new PortalSettings
        {
            BaseAddress = BaseAddress.Read(configuration, $"{Section}:{name}:BaseAddress"),
            ClientId = string.IsNullOrWhiteSpace(section["ClientId"]) ? defaultClient : section["ClientId"]!,
            UserName = section["UserName"],
            Password = section["Password"],
            ApiKey = section["ApiKey"],
        };
    }
}

/// <summary>Registers the portals' adapters and the HTTP delivery of their updates.</summary>
public static class PortalServices
{
    /// <summary>Each portal speaks its own format through its adapter; the dispatcher grains deliver the outbox over HTTP.</summary>
    /// <remarks>Needs a <see cref="PortalsSettings"/> registered.</remarks>
    public static IServiceCollection AddCaseEnginePortals(this IServiceCollection services)
    {
        services.AddSingleton<IPortalAdapter, NationalPortalAdapter>();
        services.AddSingleton<IPortalAdapter, CityPortalAdapter>();
        services.AddHttpClient(HttpPortalDelivery.ClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<PortalsSettings>().Timeout);
        services.AddSingleton<CaseEngine.Portals.IPortalDelivery, HttpPortalDelivery>();
        return services;
    }
}
