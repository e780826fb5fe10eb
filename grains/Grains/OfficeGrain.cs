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

    /// <summary>Latest summary of each dossier of the office, by code.</summary>
    [Id(2)] public Dictionary<string, DossierSummary> Dossiers { get; set; } = [];
}

/// <summary>An office: issues dossier codes (one call at a time, so never twice) and keeps its dossiers' summaries.</summary>
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

    public async Task TrackAsync(DossierSummary summary)
    {
        if (state.State.Dossiers.TryGetValue(summary.Code, out var known) && known.Version >= summary.Version)
        {
            return;
        }

        state.State.Dossiers[summary.Code] = summary;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<BoardEntry>> ListAsync(DossierStatus? status, Bucket? bucket)
    {
        var calendar = Office.Calendar;
        var now = time.GetUtcNow();
        IReadOnlyList<BoardEntry> entries =
        [
            .. state.State.Dossiers.Values
                .Where(d => status is null || d.Status == status)
                .Select(d => (Summary: d, Bucket: d.BucketAt(now)))
                .Where(d => bucket is null || d.Bucket == bucket)
                .OrderByDescending(d => d.Summary.CreatedAt)
                .ThenByDescending(d => d.Summary.Code, StringComparer.Ordinal)
                .Select(d => new BoardEntry(
                    d.Summary.Code,
                    d.Summary.ProcedureCode,
                    d.Summary.Status,
                    d.Summary.Status.NationalCode(),
                    d.Summary.Holder,
                    calendar.ToLocal(d.Summary.CreatedAt),
                    d.Summary.Deadline is { } deadline ? calendar.ToLocal(deadline.DueAt) : null,
                    d.Bucket,
                    d.Bucket is null ? null : (int)Math.Floor(calendar.Between(d.Summary.PausedSince ?? now, d.Summary.Deadline!.DueAt).TotalMinutes))),
        ];
        return Task.FromResult(entries);
    }
}
