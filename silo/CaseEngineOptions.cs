namespace CaseEngine.Silo;

/// <summary>Settings of the engine, bound from the <c>CaseEngine</c> configuration section.</summary>
public sealed class CaseEngineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "CaseEngine";

    /// <summary>
    /// Folder holding <c>offices.json</c>, <c>procedures.json</c>, <c>holidays.json</c> and <c>ruleset.json</c>.
    /// Default: the <c>ReferenceData</c> folder shipped beside the binaries (the Gia Lâm 2022 set).
    /// </summary>
    public string ReferenceDataPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "ReferenceData");

    /// <summary>Port silos talk to each other on. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;
}
