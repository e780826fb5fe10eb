using CaseEngine.Contracts;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.ReadSide;

/// <summary>Which of an office's dossiers to list, newest first.</summary>
/// <param name="Status">Only this status.</param>
/// <param name="Bucket">Only open dossiers in this bucket now.</param>
/// <param name="ProcedureCode">Only this procedure.</param>
/// <param name="CreatedFrom">Created at or after.</param>
/// <param name="CreatedBefore">Created before.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Offset">After skipping this many.</param>
public sealed record DossierFilter(
    DossierStatus? Status = null,
    Bucket? Bucket = null,
    string? ProcedureCode = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedBefore = null,
    int Limit = DossierFilter.DefaultLimit,
    int Offset = 0)
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 1000;
}

/// <summary>How many of an office's dossiers were created in a period, by status and by procedure.</summary>
/// <param name="Total">All of them.</param>
/// <param name="ByStatus">Per current status.</param>
/// <param name="ByProcedure">Per procedure code.</param>
public sealed record DossierCounts(
    int Total,
    IReadOnlyDictionary<DossierStatus, int> ByStatus,
    IReadOnlyDictionary<string, int> ByProcedure);

/// <summary>
/// The read side: every dossier's latest summary, queried without activating dossier grains. The PostgreSQL index
/// is a table the database keeps in the same transaction as each state write; the memory index is fed by the grains.
/// </summary>
public interface IDossierIndex
{
    /// <summary>Called by a dossier grain after each write of its state has been acknowledged.</summary>
    ValueTask RecordAsync(DossierState dossier);

    /// <summary>An office's dossiers matching <paramref name="filter"/>, newest first; buckets judged at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DossierSummary>> ListAsync(string officeCode, DossierFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts of an office's dossiers created in [<paramref name="from"/>, <paramref name="before"/>).</summary>
    Task<DossierCounts> CountAsync(string officeCode, DateTimeOffset? from, DateTimeOffset? before, CancellationToken cancellationToken = default);

    /// <summary>The facts of every dossier that <paramref name="query"/> matches, in no particular order.</summary>
    Task<IReadOnlyList<DossierFacts>> FactsAsync(FactsQuery query, CancellationToken cancellationToken = default);
}
