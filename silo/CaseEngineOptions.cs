using System.Net;

namespace CaseEngine.Silo;

/// <summary>Where the engine keeps its dossiers, deadlines and cluster membership.</summary>
public enum StorageMode
{
    /// <summary>PostgreSQL through Orleans' ADO.NET providers: durable, and several silos may share it.</summary>
    PostgreSql,

    /// <summary>Process memory: a throwaway single-silo demo that forgets everything when it stops.</summary>
    Memory,
}

/// <summary>Settings of the engine, bound from the <c>CaseEngine</c> configuration section.</summary>
public sealed class CaseEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "CaseEngine";

    /// <summary>Name of the connection string (<c>ConnectionStrings:CaseEngine</c>).</summary>
    public const string ConnectionStringName = "CaseEngine";

    /// <summary>
    /// Folder holding <c>offices.json</c>, <c>procedures.json</c>, <c>holidays.json</c>, <c>ruleset.json</c> and
    /// <c>services.json</c>.
    /// Default: the <c>ReferenceData</c> folder shipped beside the binaries (the Gia Lâm 2022 set).
    /// </summary>
    public string ReferenceDataPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    /// <summary>Storage: <see cref="StorageMode.PostgreSql"/> (default) or <see cref="StorageMode.Memory"/>.</summary>
    public StorageMode Storage { get; set; } = StorageMode.PostgreSql;

    /// <summary>Orleans cluster id: silos with the same id and database form one cluster. Default "caseengine".</summary>
    public string ClusterId { get; set; } = "caseengine";

    /// <summary>Orleans service id: the key of stored grain state and reminders; keep it across deployments. Default "caseengine".</summary>
    public string ServiceId { get; set; } = "caseengine";

    /// <summary>Address other silos and clients reach this silo at. Default 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Port silos talk to each other on. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Whether start-up applies pending database migrations. Default true.</summary>
    public bool MigrateOnStart { get; set; } = true;
}

/// <summary>
/// The rules of <see cref="CaseEngineOptions"/>: non-empty cluster and service ids, an IP address to advertise, two
/// different ports and a known storage.
/// </summary>
public sealed class CaseEngineOptionsValidator() : SettingsValidator<CaseEngineOptions>(CaseEngineOptions.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(CaseEngineOptions settings)
    {
        if (string.IsNullOrEmpty(settings.ClusterId))
        {
            yield return $"{Key(nameof(settings.ClusterId))} is empty";
        }

        if (string.IsNullOrEmpty(settings.ServiceId))
        {
            yield return $"{Key(nameof(settings.ServiceId))} is empty";
        }

        if (!IPAddress.TryParse(settings.AdvertisedAddress, out _))
        {
            yield return $"{Key(nameof(settings.AdvertisedAddress))} '{settings.AdvertisedAddress}' is not an IP address";
        }

        foreach (var (name, port) in new[] { (nameof(settings.SiloPort), settings.SiloPort), (nameof(settings.GatewayPort), settings.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                yield return $"{Key(name)} {port} is not a port";
            }
        }

        if (settings.SiloPort == settings.GatewayPort)
        {
            yield return $"{Key(nameof(settings.SiloPort))} and {nameof(settings.GatewayPort)} are both {settings.SiloPort}";
        }

        if (!Enum.IsDefined(settings.Storage))
        {
            yield return $"{Key(nameof(settings.Storage))} must be {StorageMode.PostgreSql} or {StorageMode.Memory}";
        }
    }
}
