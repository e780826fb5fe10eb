namespace CaseEngine.Grains;

/// <summary>Names of the grain storage providers the silo registers.</summary>
public static class StorageNames
{
    /// <summary>Dossier state.</summary>
    public const string Dossiers = "dossiers";

    /// <summary>Office state: code sequence and tracked dossiers.</summary>
    public const string Offices = "offices";

    /// <summary>Portal inbox state: which dossier each portal submission opened.</summary>
    public const string Portals = "portals";

    /// <summary>Reference data revisions: which open dossiers a version still has to revise.</summary>
    public const string Reference = "reference";
}
