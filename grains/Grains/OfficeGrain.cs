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

    /// <summary>Codes issued on <see cref="SequenceDate"/> by the client's idempotency key.</summary>
    [Id(2)] public Dictionary<string, string> CodesByKey { get; set; } = [];
}

/// <summary>An office: issues dossier codes, one call at a time, so never twice.</summary>
[GrainType("office")]
internal sealed class OfficeGrain(
    [PersistentState("office", StorageNames.Offices)] IPersistentState<OfficeState> state,
    ReferenceData reference,
    TimeProvider time) : Grain, IOfficeGrain
{
    private Office Office => reference.RequireOffice(this.GetPrimaryKeyString());

    public async Task<string> IssueDossierCodeAsync(string? idempotencyKey = null)
    {
        var office = Office;
        var today = office.Calendar.LocalDate(time.GetUtcNow());
        if (idempotencyKey is not null && state.State.SequenceDate == today && state.State.CodesByKey.TryGetValue(idempotencyKey, out var issued))
        {
            return issued;
        }

        var sequence = state.State.SequenceDate == today ? state.State.Sequence + 1 : 1;
        if (sequence > DossierCodeFormat.MaxDailySequence)
        {
            throw new RuleViolationException($"Office {office.Code} has issued all {DossierCodeFormat.MaxDailySequence} dossier codes of {today:yyyy-MM-dd}.");
        }

        if (state.State.SequenceDate != today)
        {
            state.State.CodesByKey.Clear();
        }

        var code = DossierCodeFormat.Format(office.Code, today, sequence);
        state.State.SequenceDate = today;
        state.State.Sequence = sequence;
        if (idempotencyKey is not null)
        {
            state.State.CodesByKey[idempotencyKey] = code;
        }

        await state.WriteStateAsync();
        return code;
    }
}
