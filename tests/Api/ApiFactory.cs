using System.Net;
using System.Net.Sockets;
using CaseEngine.Domain.Reference;
using CaseEngine.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Reminders;

namespace CaseEngine.Tests.Api;

/// <summary>
/// The whole API with its in-process silo, on free ports, with a fake clock at Tuesday 13 September 2022 09:00; in
/// memory unless given a PostgreSQL <see cref="ConnectionString"/>.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public FakeTimeProvider Time { get; init; } = new(TestReferenceData.FastTrackTuesday);

    /// <summary>Whether every reminder, however far ahead, fires when the fake clock jumps past it (Orleans loads only the near ones).</summary>
    public bool LoadAllReminders { get; init; }

    /// <summary>The database to run on; memory when null.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Public requests allowed per minute from one address.</summary>
    public int PublicRequestsPerMinute { get; init; } = 1000;

    /// <summary>More settings, such as the portals' addresses.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where citizens reach the public pages (QR codes on slips); the request's own address when null.</summary>
    public string? PublicBaseAddress { get; init; }

    /// <summary>The portal the essential services' QR codes lead to; the default (the national portal) when null.</summary>
    public string? ServicePortalAddress { get; init; }

    /// <summary>Changes to the engine's services after its own registrations, such as a decorator of one of them.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (ConnectionString is null)
        {
            builder.UseSetting("CaseEngine:Storage", "Memory");
        }
        else
        {
            builder.UseSetting("CaseEngine:Storage", "PostgreSql");
            builder.UseSetting("ConnectionStrings:CaseEngine", ConnectionString);
        }

        builder.UseSetting("CaseEngine:Auth:SigningKey", Tokens.SigningKey);
        builder.UseSetting("CaseEngine:PublicRequestsPerMinute", PublicRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (PublicBaseAddress is not null)
        {
            builder.UseSetting("CaseEngine:PublicBaseAddress", PublicBaseAddress);
        }

        if (ServicePortalAddress is not null)
        {
            builder.UseSetting("CaseEngine:ServicePortalAddress", ServicePortalAddress);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("CaseEngine:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("CaseEngine:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);

            // Every reminder kept in memory, so a jump of the fake clock fires it at once, for the tests that want it.
            if (LoadAllReminders)
            {
                services.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(3650));
            }

            TestServices?.Invoke(services);
        });
    }

    /// <summary>A client that signs each request as the user who would make it (see <see cref="Tokens.ActingHandler"/>).</summary>
    public HttpClient CreateActingClient() => CreateDefaultClient(new Tokens.ActingHandler());

    /// <summary>A client signed in as <paramref name="role"/> at <paramref name="office"/>.</summary>
    public HttpClient CreateClientAs(Role role, string office, bool districtWide = false)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Tokens.For(role, office, districtWide));
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
