using CaseEngine.Tests.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CaseEngine.Tests.Web;

/// <summary>
/// The engine of an <see cref="ApiFactory"/> served by Kestrel on a free loopback port, so that a real browser reaches
/// it over HTTP (the factory's in-memory test server is reachable only through its own clients).
/// </summary>
public sealed class WebEngine : IAsyncDisposable
{
    private readonly HttpClient _staff;

    private WebEngine(ApiFactory factory, Uri address)
    {
        Factory = factory;
        Address = address;
        _staff = new HttpClient(new Support.Tokens.ActingHandler { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Counter = new Counter(_staff);
    }

    public ApiFactory Factory { get; }

    /// <summary>Where the engine listens, such as http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>The engine's clock.</summary>
    public FakeTimeProvider Time => Factory.Time;

    /// <summary>The counter's officers, over HTTP.</summary>
    public Counter Counter { get; }

    /// <summary>Settings that make a factory's engine listen on a free loopback port.</summary>
    public static IReadOnlyDictionary<string, string?> Kestrel(IReadOnlyDictionary<string, string?>? more = null) =>
        new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["urls"] = "http://127.0.0.1:0" };

    /// <summary>Starts <paramref name="factory"/> (made with <see cref="Kestrel"/> settings) on Kestrel.</summary>
    public static WebEngine Start(ApiFactory factory)
    {
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new WebEngine(factory, new Uri(addresses.Single()));
    }

    /// <summary>A client of the engine over real HTTP, anonymous.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        _staff.Dispose();
        await Factory.DisposeAsync();
    }
}
