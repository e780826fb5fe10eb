using CaseEngine.Grains.Reference;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;
using CaseEngine.ReadSide;

namespace CaseEngine.Grains;

/// <summary>What an office grain stores: how far its dossier codes of the day are reserved.</summary>
[GenerateSerializer, Alias("caseengine.office-state.v1")]
public sealed class OfficeState
{
    /// <summary>Local date of the codes reserved.</summary>
    [Id(0)] public DateOnly? SequenceDate { get; set; }

    /// <summary>The last sequence number reserved on <see cref="SequenceDate"/>: codes up to it may have been issued.</summary>
    [Id(1)] public int Sequence { get; set; }
}

/// <summary>
/// An office: issues dossier codes, one call at a time, so never twice. Codes are reserved in blocks of
/// <see cref="CodeBlock"/>, one small write per block; the codes of a block left unused when the office's activation
/// ends are skipped. A retried create (the same idempotency key on the same office day) gets the code it got before:
/// from memory, or from the read side for dossiers created before this activation.
/// </summary>
[GrainType("office")]
internal sealed class OfficeGrain(
    [PersistentState("office", StorageNames.Offices)] IPersistentState<OfficeState> state,
    CurrentReference reference,
    IDossierIndex index,
    TimeProvider time) : Grain, IOfficeGrain
{
    /// <summary>How many codes one write reserves.</summary>
    internal const int CodeBlock = 100;

    private DateOnly? _day;
    private int _next;
    private Dictionary<string, string> _codesByKey = new(StringComparer.Ordinal);

    private Office Office => reference.Data.RequireOffice(this.GetPrimaryKeyString());

    public async Task<string> IssueDossierCodeAsync(string? idempotencyKey = null)
    {
        var office = Office;
        var today = office.Calendar.LocalDate(time.GetUtcNow());
        if (_day != today)
        {
            // The day's codes already given to keyed creates, as the read side has them.
            _codesByKey = new(await index.CodesByCreationKeyAsync(office.Code, office.Calendar.StartOf(today)), StringComparer.Ordinal);
            _next = state.State.SequenceDate == today ? state.State.Sequence + 1 : 1;
            _day = today;
        }

        if (idempotencyKey is not null && _codesByKey.TryGetValue(idempotencyKey, out var issued))
        {
            return issued;
        }

        if (_next > DossierCodeFormat.MaxDailySequence)
        {
            throw new RuleViolationException($"Cơ quan {office.Code} đã cấp hết {DossierCodeFormat.MaxDailySequence} mã hồ sơ của ngày {today:dd/MM/yyyy}.");
        }

        if (state.State.SequenceDate != today || _next > state.State.Sequence)
        {
            var (date, sequence) = (state.State.SequenceDate, state.State.Sequence);
            state.State.SequenceDate = today;
            state.State.Sequence = Math.Min(_next + CodeBlock - 1, DossierCodeFormat.MaxDailySequence);
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                (state.State.SequenceDate, state.State.Sequence) = (date, sequence);
                throw;
            }
        }

        var code = DossierCodeFormat.Format(office.Code, today, _next++);
        if (idempotencyKey is not null)
        {
            _codesByKey[idempotencyKey] = code;
        }

        return code;
    }
}
