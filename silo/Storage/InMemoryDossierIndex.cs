using System.Collections.Concurrent;
using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;
using CaseEngine.ReadSide;

namespace CaseEngine.Storage;

/// <summary>
/// The read side of the memory mode: one silo's rows in a dictionary, gone when the process stops. The memory storage
/// copies each dossier write's row here (<see cref="Apply"/>); a write the boards show signals its office's listeners
/// in this process (the memory mode has one silo).
/// </summary>
/// <param name="changes">Where to signal changes; none when null.</param>
public sealed class InMemoryDossierIndex(DossierChanges? changes) : IDossierIndex, IDossierWriteTarget
{
    private readonly ConcurrentDictionary<string, DossierRow> _rows = new(StringComparer.Ordinal);

    /// <summary>A memory read side that signals no one.</summary>
    public InMemoryDossierIndex()
        : this(null)
    {
    }

    /// <inheritdoc />
    public void Apply(DossierWrite write)
    {
        _rows[write.Row.Code] = write.Row;
        if (write.NotifyBoard)
        {
            changes?.Publish(write.Row.OfficeCode);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> CodesByCreationKeyAsync(string officeCode, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, string> codes = _rows.Values
            .Where(r => r.OfficeCode == officeCode && r.CreatedAt >= from && r.CreationKey is not null)
            .ToDictionary(r => r.CreationKey!, r => r.Code, StringComparer.Ordinal);
        return Task.FromResult(codes);
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
    public Task<IReadOnlyList<string>> DeadlinesFromAsync(DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> codes =
        [
            .. _rows.Values
                .Where(r => r.Status.IsOpen() && r.DueAt is not null && (r.OverdueAt >= from || r.PausedSince is not null))
                .OrderBy(r => r.DueAt)
                .ThenBy(r => r.Code, StringComparer.Ordinal)
                .Select(r => r.Code),
        ];
        return Task.FromResult(codes);
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
        IReadOnlyList<DossierFacts> facts = [.. _rows.Values.Select(DossierFacts.Of).OfType<DossierFacts>().Where(query.Matches)];
        return Task.FromResult(facts);
    }

    private IEnumerable<DossierSummary> InPeriod(string officeCode, DateTimeOffset? from, DateTimeOffset? before) =>
        _rows.Values.Select(DossierSummary.Of).Where(d =>
            d.OfficeCode == officeCode && (from is null || d.CreatedAt >= from) && (before is null || d.CreatedAt < before));
}
