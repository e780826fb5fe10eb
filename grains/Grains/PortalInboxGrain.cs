using CaseEngine.Grains.Reference;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Grains;

/// <summary>What a portal inbox grain stores: the engine's code for the portal's dossier, once issued.</summary>
[GenerateSerializer, Alias("caseengine.portal-inbox-state.v1")]
public sealed class PortalInboxState
{
    /// <summary>The engine's dossier code, stored before the dossier is opened so a retry opens that same one.</summary>
    [Id(0)] public string? DossierCode { get; set; }
}

/// <summary>A portal's dossier: opens the engine's dossier once, however often the portal delivers it.</summary>
[GrainType("portal-inbox")]
internal sealed class PortalInboxGrain(
    [PersistentState("inbox", StorageNames.Portals)] IPersistentState<PortalInboxState> state,
    CurrentReference reference) : Grain, IPortalInboxGrain
{
    public async Task<PortalSubmissionResult> SubmitAsync(OpenDossier command)
    {
        var dossiers = GrainFactory.GetGrain<IOfficeGrain>(command.OfficeCode);
        var key = this.GetPrimaryKeyString();
        if (state.State.DossierCode is { } known && await GrainFactory.GetGrain<IDossierGrain>(known).GetAsync() is { } existing)
        {
            return new PortalSubmissionResult(existing, Created: false);
        }

        // The code is kept before the dossier is opened: if opening fails midway, the redelivery opens the same code.
        if (state.State.DossierCode is null)
        {
            // A submission the dossier would refuse uses no code.
            DossierDecider.CheckOpen(command, reference.Data.ContextFor(command.OfficeCode, command.ProcedureCode));
            state.State.DossierCode = await dossiers.IssueDossierCodeAsync(key);
            await state.WriteStateAsync();
        }

        var view = await GrainFactory.GetGrain<IDossierGrain>(state.State.DossierCode).OpenAsync(command with { IdempotencyKey = key });
        return new PortalSubmissionResult(view, Created: true);
    }
}
