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
/// The read side: every dossier's row (<see cref="DossierRow"/>), queried without activating dossier grains. Each
/// dossier write carries its row; the storage copies it, on PostgreSQL in the same transaction as the state.
/// </summary>
public interface IDossierIndex
{
    /// <summary>
    /// The codes of <paramref name="officeCode"/>'s dossiers created at or after <paramref name="from"/> by a request with an
    /// idempotency key, by that key.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> CodesByCreationKeyAsync(string officeCode, DateTimeOffset from, CancellationToken cancellationToken = default);

    /// <summary>An office's dossiers matching <paramref name="filter"/>, newest first; buckets judged at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DossierSummary>> ListAsync(string officeCode, DossierFilter filter, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Counts of an office's dossiers created in [<paramref name="from"/>, <paramref name="before"/>).</summary>
    Task<DossierCounts> CountAsync(string officeCode, DateTimeOffset? from, DateTimeOffset? before, CancellationToken cancellationToken = default);

    /// <summary>
    /// The codes of every open dossier whose clock has started and whose legal deadline a change of working time from
    /// <paramref name="from"/> on could move: its overdue point is at or after it, or it waits for the citizen (its
    /// deadline moves when it resumes). Earliest due first.
    /// </summary>
    Task<IReadOnlyList<string>> DeadlinesFromAsync(DateTimeOffset from, CancellationToken cancellationToken = default);

    /// <summary>The facts of every dossier that <paramref name="query"/> matches, in no particular order.</summary>
    Task<IReadOnlyList<DossierFacts>> FactsAsync(FactsQuery query, CancellationToken cancellationToken = default);
}

/// <summary>A memory-mode store of what dossier writes carry: the memory storage hands it each stored write.</summary>
public interface IDossierWriteTarget
{
    /// <summary>Applies a stored write; writes of one dossier come one at a time, in order.</summary>
    void Apply(DossierWrite write);
}
