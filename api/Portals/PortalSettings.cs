using System.Globalization;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Silo;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Portals;

/// <summary>
/// Where one portal is and how the engine and the portal know each other (<c>CaseEngine:Portals:National:*</c>,
/// <c>CaseEngine:Portals:City:*</c>). Without a base address, updates for that portal wait in the outbox.
/// </summary>
public sealed class PortalSettings
{
    /// <summary>
    /// The portal's API address, to which status updates are posted: absolute http or https, without user, query or
    /// fragment. Default none.
    /// </summary>
    public string? BaseAddress { get; set; }

    /// <summary>
    /// The user (<c>sub</c>) of the portal's PortalClient token: only it submits that portal's dossiers. Default
    /// <c>portal.dvcqg</c> for the national portal, <c>portal.hanoi</c> for the city's.
    /// </summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Basic-authentication user for the national portal's API. Default none.</summary>
    public string? UserName { get; set; }

    /// <summary>Basic-authentication password for the national portal's API. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>API key for the city portal's API (header <c>X-API-Key</c>). Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The checked <see cref="BaseAddress"/>, ending with a slash; null when it is not set.</summary>
    public Uri? Address => Api.BaseAddress.Parse(BaseAddress);
}

/// <summary>Both portals' settings, bound from <c>CaseEngine:Portals</c> and checked by <see cref="PortalsSettingsValidator"/>.</summary>
public sealed class PortalsSettings
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CaseEngine:Portals";

    /// <summary>The National Public Service Portal (Cổng Dịch vụ công quốc gia).</summary>
    public PortalSettings National { get; set; } = new() { ClientId = "portal.dvcqg" };

    /// <summary>Hà Nội's city portal (Cổng Dịch vụ công thành phố Hà Nội).</summary>
    public PortalSettings City { get; set; } = new() { ClientId = "portal.hanoi" };

    /// <summary>How long one delivery attempt may take before it counts as failed, in seconds (more than 0, at most 600). Default 30.</summary>
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary><see cref="TimeoutSeconds"/> as a time span.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The settings of <paramref name="portal"/>.</summary>
    public PortalSettings For(Channel portal) => portal == Channel.NationalPortal ? National : City;
}

/// <summary>
/// The rules of <see cref="PortalsSettings"/>: base addresses that are absolute http or https addresses, a client of
/// its own for each portal and a timeout of more than 0 and at most 600 seconds.
/// </summary>
public sealed class PortalsSettingsValidator() : SettingsValidator<PortalsSettings>(PortalsSettings.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(PortalsSettings settings)
    {
        foreach (var (name, portal) in new[] { (nameof(settings.National), settings.National), (nameof(settings.City), settings.City) })
        {
            if (BaseAddress.Problem(Key($"{name}:{nameof(portal.BaseAddress)}"), portal.BaseAddress) is { } problem)
            {
                yield return problem;
            }

            if (string.IsNullOrWhiteSpace(portal.ClientId))
            {
                yield return $"{Key($"{name}:{nameof(portal.ClientId)}")} must not be empty";
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.National.ClientId) && settings.National.ClientId == settings.City.ClientId)
        {
            yield return $"{Key("National:ClientId")} and {Key("City:ClientId")} must differ: each portal submits as its own client";
        }

        if (settings.TimeoutSeconds is not (> 0 and <= 600))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(settings.TimeoutSeconds))} must be more than 0 and at most 600, not {settings.TimeoutSeconds}");
        }
    }
}

/// <summary>Registers the portals' adapters and the HTTP delivery of their updates.</summary>
public static class PortalServices
{
    /// <summary>Each portal speaks its own format through its adapter; the dispatcher grains deliver the outbox over HTTP.</summary>
    /// <remarks>Needs the <see cref="PortalsSettings"/> registered (<see cref="EngineSettings.AddEngineSettings{T}(IServiceCollection, SettingsValidator{T})"/>).</remarks>
    public static IServiceCollection AddCaseEnginePortals(this IServiceCollection services)
    {
        services.AddSingleton<IPortalAdapter, NationalPortalAdapter>();
        services.AddSingleton<IPortalAdapter, CityPortalAdapter>();
        services.AddHttpClient(HttpPortalDelivery.ClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<PortalsSettings>>().Value.Timeout);
        services.AddSingleton<CaseEngine.Portals.IPortalDelivery, HttpPortalDelivery>();
        return services;
    }
}
