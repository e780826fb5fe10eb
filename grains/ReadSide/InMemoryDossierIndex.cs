using System.Collections.Concurrent;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.ReadSide;

/// <summary>
/// The read side of the memory mode: one silo's summaries in a dictionary, gone when the process stops. Each change
/// it records signals its office's listeners in this process (the memory mode has one silo).
/// </summary>
/// <param name="changes">Where to signal changes; none when null.</param>
public sealed class InMemoryDossierIndex(DossierChanges? changes) : IDossierIndex
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A memory read side that signals no one.</summary>
    public InMemoryDossierIndex()
        : this(null)
    {
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(DossierState dossier)
    {
        var entry = new Entry(DossierSummary.Of(dossier), DossierFacts.Of(dossier));
        var stored = _entries.AddOrUpdate(entry.Summary.Code, entry, (_, known) => known.Version > entry.Version ? known : entry);
        if (ReferenceEquals(stored, entry))
        {
            changes?.Publish(entry.Summary.OfficeCode);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DossierSummary>> ListAsync(string officeCode, DossierFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DossierSummary> page =
        [
            .. InPeriod(officeCode, filter.CreatedFrom, filter.CreatedBefore)
                .Where(d => filter.Status is null || d.Status == filter.Status)
                .Where(d => filter.ProcedureCode is null || d.ProcedureCode == filter.ProcedureCode)
                .Where(d => filter.Bucket is null || d.BucketAt(now) == filter.Bucket)
                .OrderByDescending(d => d.CreatedAt)
                .ThenByDescending(d => d.Code, StringComparer.Ordinal)
                .Skip(filter.Offset)
                .Take(filter.Limit),
        ];
        return Task.FromResult(page);
    }

    /// <inheritdoc />
    public Task<DossierCounts> CountAsync(string officeCode, DateTimeOffset? from, DateTimeOffset? before, CancellationToken cancellationToken = default)
    {
        var inPeriod = InPeriod(officeCode, from, before).ToList();
        return Task.FromResult(new DossierCounts(
            inPeriod.Count,
            inPeriod.CountBy(d => d.Status).ToDictionary(),
            inPeriod.CountBy(d => d.ProcedureCode).ToDictionary(StringComparer.Ordinal)));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DossierFacts>> FactsAsync(FactsQuery query, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<DossierFacts> facts = [.. _entries.Values.Select(e => e.Facts).OfType<DossierFacts>().Where(query.Matches)];
        return Task.FromResult(facts);
    }

    private IEnumerable<DossierSummary> InPeriod(string officeCode, DateTimeOffset? from, DateTimeOffset? before) =>
        _entries.Values.Select(e => e.Summary).Where(d =>
            d.OfficeCode == officeCode && (from is null || d.CreatedAt >= from) && (before is null || d.CreatedAt < before));

    // A later write has a longer history, or the same history and the citizen's rating (rating adds no step).
    private sealed record Entry(DossierSummary Summary, DossierFacts? Facts)
    {
        public int Version => (Summary.Version * 2) + (Facts?.Satisfaction is null ? 0 : 1);
    }
}
