using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Grains;

/// <summary>
/// What a dossier grain hands its storage: the state, and with a write, what the write changes besides it
/// (<see cref="DossierWrite"/>). The storage keeps the state and applies the write with it; a state read back carries
/// no write.
/// </summary>
[GenerateSerializer, Alias("caseengine.dossier-record.v1")]
public sealed class DossierRecord
{
    /// <summary>The dossier.</summary>
    [Id(0)] public DossierState Dossier { get; set; } = DossierState.Empty;

    /// <summary>What the pending write changes besides the state; none once stored or read back.</summary>
    [Id(1)] public DossierWrite? Write { get; set; }
}
