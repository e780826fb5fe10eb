using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Grains;

/// <summary>What an office grain stores.</summary>
[GenerateSerializer, Alias("caseengine.office-state.v1")]
public sealed class OfficeState
{
    /// <summary>Local date of the last code issued.</summary>
    [Id(0)] public DateOnly? SequenceDate { get; set; }

    /// <summary>Last sequence number issued on <see cref="SequenceDate"/>.</summary>
    [Id(1)] public int Sequence { get; set; }
}

/// <summary>An office: issues dossier codes, one call at a time, so never twice.</summary>
[GrainType("office")]
internal sealed class OfficeGrain(
    [PersistentState("office", StorageNames.Offices)] IPersistentState<OfficeState> state,
    ReferenceData reference,
    TimeProvider time) : Grain, IOfficeGrain
{
    private Office Office => reference.RequireOffice(this.GetPrimaryKeyString());

    public async Task<string> IssueDossierCodeAsync()
    {
        var office = Office;
        var today = office.Calendar.LocalDate(time.GetUtcNow());
        var sequence = state.State.SequenceDate == today ? state.State.Sequence + 1 : 1;
        if (sequence > DossierCodeFormat.MaxDailySequence)
        {
            throw new RuleViolationException($"Office {office.Code} has issued all {DossierCodeFormat.MaxDailySequence} dossier codes of {today:yyyy-MM-dd}.");
        }

        state.State.SequenceDate = today;
        state.State.Sequence = sequence;
        await state.WriteStateAsync();
        return DossierCodeFormat.Format(office.Code, today, sequence);
    }
}
