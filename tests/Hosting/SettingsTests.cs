using CaseEngine.Api.Apis;
using CaseEngine.Api.Board;
using CaseEngine.Api.Faults;
using CaseEngine.Api.Portals;
using CaseEngine.Api.Security;
using CaseEngine.Silo;
using CaseEngine.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CaseEngine.Tests.Hosting;

/// <summary>
/// Each settings class's validator refuses each bad value with a line naming the key; the same validator refuses it when
/// the engine composes itself and when a host starts (ValidateOnStart).
/// </summary>
public sealed class SettingsTests
{
    private static readonly (string Key, string? Value) LocalKey = ("CaseEngine:Auth:SigningKey", Tokens.SigningKey);

    // Every settings class of the engine: how to register it on a host, and how to read it while composing one.
    private static readonly (Action<IServiceCollection> Register, Action<IConfiguration> Read)[] All =
    [
        Of(new CaseEngineOptionsValidator()),
        Of(new MembershipSettingsValidator()),
        Of(new AuthSettingsValidator()),
        Of(new PortalsSettingsValidator()),
        Of(new PublicSiteOptionsValidator()),
        Of(new ServicePortalOptionsValidator()),
        Of(new FaultOptionsValidator()),
        Of(new BoardOptionsValidator()),
    ];

    [Theory]
    [InlineData("ClusterId", "", "CaseEngine:ClusterId is empty.")]
    [InlineData("ServiceId", "", "CaseEngine:ServiceId is empty.")]
    [InlineData("AdvertisedAddress", "localhost", "CaseEngine:AdvertisedAddress 'localhost' is not an IP address.")]
    [InlineData("SiloPort", "0", "CaseEngine:SiloPort 0 is not a port.")]
    [InlineData("GatewayPort", "65536", "CaseEngine:GatewayPort 65536 is not a port.")]
    [InlineData("GatewayPort", "11111", "CaseEngine:SiloPort and GatewayPort are both 11111.")]
    [InlineData("Storage", "7", "CaseEngine:Storage must be PostgreSql or Memory.")]
    [InlineData("Storage", "Nonsense", "the CaseEngine settings cannot be read: Failed to convert configuration value 'Nonsense' at 'CaseEngine:Storage' to type 'CaseEngine.Silo.StorageMode' (Nonsense is not a valid value for StorageMode).")]
    [InlineData("SiloPort", "eleven", "the CaseEngine settings cannot be read: Failed to convert configuration value 'eleven' at 'CaseEngine:SiloPort' to type 'System.Int32' (eleven is not a valid value for Int32).")]
    [InlineData("MigrateOnStart", "maybe", "the CaseEngine settings cannot be read: Failed to convert configuration value 'maybe' at 'CaseEngine:MigrateOnStart' to type 'System.Boolean' (maybe is not a valid value for Boolean).")]
    public void CaseEngineOptions_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new CaseEngineOptionsValidator(), ($"CaseEngine:{name}", value)));
    }

    [Fact]
    public void CaseEngineOptions_SayEveryProblemOnOneLine()
    {
        Assert.Equal(
            "CaseEngine:ClusterId is empty; CaseEngine:SiloPort 0 is not a port.",
            Refusal(new CaseEngineOptionsValidator(), ("CaseEngine:ClusterId", ""), ("CaseEngine:SiloPort", "0")));
    }

    [Theory]
    [InlineData("ProbeTimeoutSeconds", "0", "The field CaseEngine:Membership:ProbeTimeoutSeconds must be between 1 and 60, not 0.")]
    [InlineData("MissedProbesLimit", "11", "The field CaseEngine:Membership:MissedProbesLimit must be between 1 and 10, not 11.")]
    [InlineData("TableRefreshSeconds", "601", "The field CaseEngine:Membership:TableRefreshSeconds must be between 1 and 600, not 601.")]
    [InlineData("ChangingForSeconds", "-1", "The field CaseEngine:Membership:ChangingForSeconds must be between 1 and 600, not -1.")]
    public void MembershipSettings_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new MembershipSettingsValidator(), ($"CaseEngine:Membership:{name}", value)));
    }

    [Theory]
    [InlineData("Issuer", " ", "CaseEngine:Auth:Issuer and CaseEngine:Auth:Audience must not be empty.")]
    [InlineData("Audience", "", "CaseEngine:Auth:Issuer and CaseEngine:Auth:Audience must not be empty.")]
    [InlineData("SigningKey", "not base64!", "CaseEngine:Auth:SigningKey is not base64.")]
    [InlineData("SigningKey", "c2hvcnQga2V5", "CaseEngine:Auth:SigningKey has 9 bytes; at least 32 are needed.")]
    [InlineData("Authority", "idp.example/realms/gialam", "CaseEngine:Auth:Authority must be an absolute http or https address, not 'idp.example/realms/gialam'.")]
    public void AuthSettings_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new AuthSettingsValidator(), LocalKey, ($"CaseEngine:Auth:{name}", value)));
    }

    [Fact]
    public void AuthSettings_WithoutKeyOrAuthority_SayHowToCheckTokens()
    {
        Assert.StartsWith(
            "no way to check tokens: set CaseEngine:Auth:SigningKey (base64 of 32+ random bytes; ./run.sh makes one in .data/signing-key) or CaseEngine:Auth:Authority",
            Refusal(new AuthSettingsValidator()),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("National:BaseAddress", "dichvucong.gov.vn", "CaseEngine:Portals:National:BaseAddress must be an absolute http or https address without user, query or fragment, not 'dichvucong.gov.vn'.")]
    [InlineData("City:BaseAddress", "https://lgsp.hanoi.gov.vn/dvc?x=1", "CaseEngine:Portals:City:BaseAddress must be an absolute http or https address without user, query or fragment, not 'https://lgsp.hanoi.gov.vn/dvc?x=1'.")]
    [InlineData("National:ClientId", "portal.hanoi", "CaseEngine:Portals:National:ClientId and CaseEngine:Portals:City:ClientId must differ: each portal submits as its own client.")]
    [InlineData("City:ClientId", " ", "CaseEngine:Portals:City:ClientId must not be empty.")]
    [InlineData("TimeoutSeconds", "0", "CaseEngine:Portals:TimeoutSeconds must be more than 0 and at most 600, not 0.")]
    [InlineData("TimeoutSeconds", "601", "CaseEngine:Portals:TimeoutSeconds must be more than 0 and at most 600, not 601.")]
    [InlineData("TimeoutSeconds", "half a minute", "the CaseEngine:Portals settings cannot be read: Failed to convert configuration value 'half a minute' at 'CaseEngine:Portals:TimeoutSeconds' to type 'System.Double' (half a minute is not a valid value for Double).")]
    public void PortalsSettings_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new PortalsSettingsValidator(), ($"CaseEngine:Portals:{name}", value)));
    }

    [Theory]
    [InlineData("PublicBaseAddress", "ftp://motcua.example/", "CaseEngine:PublicBaseAddress must be an absolute http or https address without user, query or fragment, not 'ftp://motcua.example/'.")]
    [InlineData("PublicRequestsPerMinute", "0", "The field CaseEngine:PublicRequestsPerMinute must be between 1 and 1000000, not 0.")]
    [InlineData("PublicRequestsPerMinute", "many", "the CaseEngine settings cannot be read: Failed to convert configuration value 'many' at 'CaseEngine:PublicRequestsPerMinute' to type 'System.Int32' (many is not a valid value for Int32).")]
    public void PublicSiteOptions_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new PublicSiteOptionsValidator(), ($"CaseEngine:{name}", value)));
    }

    [Fact]
    public void ServicePortalOptions_RefuseAnAddressWithAFragment()
    {
        Assert.Equal(
            "CaseEngine:ServicePortalAddress must be an absolute http or https address without user, query or fragment, not 'https://dichvucong.gov.vn/#top'.",
            Refusal(new ServicePortalOptionsValidator(), ("CaseEngine:ServicePortalAddress", "https://dichvucong.gov.vn/#top")));
    }

    [Theory]
    [InlineData("IntervalSeconds", "0", "The field CaseEngine:Faults:IntervalSeconds must be between 1 and 3600, not 0.")]
    [InlineData("ClusterRetrySeconds", "121", "The field CaseEngine:Faults:ClusterRetrySeconds must be between 0 and 120, not 121.")]
    public void FaultOptions_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new FaultOptionsValidator(), ($"CaseEngine:Faults:{name}", value)));
    }

    [Theory]
    [InlineData("StreamRequestsPerMinute", "0", "The field CaseEngine:Board:StreamRequestsPerMinute must be between 1 and 100000, not 0.")]
    [InlineData("CoalesceMilliseconds", "10001", "The field CaseEngine:Board:CoalesceMilliseconds must be between 0 and 10000, not 10001.")]
    [InlineData("MaxStreams", "0", "The field CaseEngine:Board:MaxStreams must be between 1 and 100000, not 0.")]
    [InlineData("MaxStreamsPerAddress", "10001", "The field CaseEngine:Board:MaxStreamsPerAddress must be between 1 and 10000, not 10001.")]
    public void BoardOptions_RefuseABadValue(string name, string value, string expected)
    {
        Assert.Equal(expected, Refusal(new BoardOptionsValidator(), ($"CaseEngine:Board:{name}", value)));
    }

    [Fact]
    public void EverySetting_HasAGoodDefault()
    {
        var configuration = Configuration(LocalKey);

        foreach (var (_, read) in All)
        {
            read(configuration);
        }

        var engine = new CaseEngineOptionsValidator().Read(configuration);
        Assert.Equal((StorageMode.PostgreSql, 11111, 30000, "caseengine"), (engine.Storage, engine.SiloPort, engine.GatewayPort, engine.ClusterId));
        Assert.Equal(30, new PublicSiteOptionsValidator().Read(configuration).PublicRequestsPerMinute);
        Assert.Equal(ServicePortal.DefaultAddress, ServicePortal.From(new ServicePortalOptionsValidator().Read(configuration)).Address.AbsoluteUri);
    }

    [Theory]
    [InlineData("CaseEngine:SiloPort", "0")]
    [InlineData("CaseEngine:AdvertisedAddress", "localhost")]
    [InlineData("CaseEngine:Membership:ProbeTimeoutSeconds", "0")]
    [InlineData("CaseEngine:Auth:SigningKey", "c2hvcnQga2V5")]
    [InlineData("CaseEngine:Portals:TimeoutSeconds", "0")]
    [InlineData("CaseEngine:PublicBaseAddress", "motcua.example")]
    [InlineData("CaseEngine:ServicePortalAddress", "ftp://dichvucong.gov.vn/")]
    [InlineData("CaseEngine:Faults:IntervalSeconds", "0")]
    [InlineData("CaseEngine:Board:MaxStreams", "0")]
    public async Task AHostWithABadSetting_FailsToStart_WithTheLineOfTheEnginesOwnCheck(string key, string value)
    {
        var configuration = Configuration(LocalKey, (key, value));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(configuration);
        foreach (var (register, _) in All)
        {
            register(builder.Services);
        }

        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var failure = Assert.Single(error.Failures);
        Assert.Contains(key, failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        var composing = Assert.Throws<EngineStartupException>(() => Array.ForEach(All, a => a.Read(configuration)));
        Assert.Equal(composing.Message, EngineSettings.Describe(error.Failures));
    }

    [Fact]
    public async Task AHostWithGoodSettings_Starts_AndItsOptionsAreTheSettings()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(Configuration(LocalKey, ("CaseEngine:Portals:City:BaseAddress", "https://lgsp.hanoi.gov.vn/dvc")));
        foreach (var (register, _) in All)
        {
            register(builder.Services);
        }

        using var host = builder.Build();
        await host.StartAsync();

        var portals = host.Services.GetRequiredService<IOptions<PortalsSettings>>().Value;
        Assert.Equal("https://lgsp.hanoi.gov.vn/dvc/", portals.City.Address?.AbsoluteUri);
        Assert.Equal("portal.dvcqg", portals.National.ClientId);
        await host.StopAsync();
    }

    private static (Action<IServiceCollection>, Action<IConfiguration>) Of<T>(SettingsValidator<T> validator)
        where T : class, new() =>
        (services => services.AddEngineSettings(validator), configuration => validator.Read(configuration));

    private static string Refusal<T>(SettingsValidator<T> validator, params (string Key, string? Value)[] settings)
        where T : class, new()
    {
        var error = Assert.Throws<EngineStartupException>(() => validator.Read(Configuration(settings)));
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    // A later setting of the same key wins, as a later configuration source would.
    private static IConfiguration Configuration(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
