using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Portals;

/// <summary>One status change of a portal's dossier, to be delivered to that portal, in the engine's own terms.</summary>
/// <param name="Id">Its place in the outbox: updates of one dossier are delivered in this order.</param>
/// <param name="Portal">The portal: the dossier's channel.</param>
/// <param name="PortalDossierId">The portal's own id of the dossier (MaHoSo).</param>
/// <param name="DossierCode">The engine's dossier code.</param>
/// <param name="OfficeCode">The office that handles it.</param>
/// <param name="ProcedureCode">Its procedure.</param>
/// <param name="Sequence">The step's place in the dossier's history: with the code, the update's identity at the portal.</param>
/// <param name="Kind">The step (Receive, Refuse, Forward, …).</param>
/// <param name="Status">The dossier's status after the step.</param>
/// <param name="At">When the step was taken.</param>
/// <param name="Handler">Who holds the dossier after the step.</param>
/// <param name="Note">The reason or note given with the step.</param>
/// <param name="DueAt">The due time in force after the step, once received.</param>
/// <param name="Attempts">Delivery attempts so far.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="DeadAt">When the portal refused it, if it did.</param>
[GenerateSerializer, Immutable, Alias("caseengine.portal-update.v1")]
public sealed record PortalUpdate(
    long Id,
    Channel Portal,
    string PortalDossierId,
    string DossierCode,
    string OfficeCode,
    string ProcedureCode,
    int Sequence,
    StepKind Kind,
    DossierStatus Status,
    DateTimeOffset At,
    string? Handler,
    string? Note,
    DateTimeOffset? DueAt,
    int Attempts = 0,
    string? LastError = null,
    DateTimeOffset? DeadAt = null)
{
    /// <summary>The update's idempotency key at the portal: a redelivery carries the same one.</summary>
    public string IdempotencyKey => $"{DossierCode}/{Sequence}";
}

/// <summary>What delivering an update to its portal came to.</summary>
public enum DeliveryOutcome
{
    /// <summary>The portal has it (perhaps already had it: a redelivery).</summary>
    Delivered,

    /// <summary>The portal could not take it now (down, slow, overloaded): try again later.</summary>
    Failed,

    /// <summary>The portal refused it: trying again would not help; it waits for an administrator.</summary>
    Rejected,
}

/// <summary>What delivering an update came to, and why when it did not succeed.</summary>
/// <param name="Outcome">Delivered, failed or rejected.</param>
/// <param name="Reason">Why it failed or was rejected.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Reason = null)
{
    /// <summary>Delivered.</summary>
    public static readonly DeliveryResult Delivered = new(DeliveryOutcome.Delivered);
}

/// <summary>Sends updates to the portals, each in its portal's wire format.</summary>
public interface IPortalDelivery
{
    /// <summary>Delivers <paramref name="update"/> to its portal, once as far as the portal is concerned (idempotency key).</summary>
    Task<DeliveryResult> DeliverAsync(PortalUpdate update, CancellationToken cancellationToken);
}

/// <summary>How many updates of one portal are waiting, refused, and how old the oldest waiting one is.</summary>
/// <param name="Pending">Updates not yet delivered (refused ones excluded).</param>
/// <param name="Dead">Updates the portal refused, waiting for an administrator.</param>
/// <param name="OldestPendingSince">When the oldest waiting update's step was taken.</param>
public sealed record OutboxCounts(int Pending, int Dead, DateTimeOffset? OldestPendingSince);

/// <summary>
/// The durable queue of portal updates. Each write of a portal's dossier carries its updates (<see cref="DossierWrite"/>),
/// which the storage adds with the state (on PostgreSQL in the same transaction). For each dossier only its oldest
/// undelivered update may be sent, so updates reach the portal in order; a refused one holds back the dossier's later ones.
/// </summary>
public interface IPortalOutbox
{
    /// <summary>The updates of <paramref name="portal"/> that may be sent at <paramref name="now"/>: at most one per dossier, the oldest.</summary>
    Task<IReadOnlyList<PortalUpdate>> DueAsync(Channel portal, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records that the update reached its portal.</summary>
    Task MarkDeliveredAsync(long id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt; the update is tried again at <paramref name="retryAt"/>.</summary>
    Task MarkFailedAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default);

    /// <summary>Records that the portal refused the update; it and its dossier's later updates wait for an administrator.</summary>
    Task MarkDeadAsync(long id, string error, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The refused updates of <paramref name="portal"/>, oldest first.</summary>
    Task<IReadOnlyList<PortalUpdate>> DeadAsync(Channel portal, CancellationToken cancellationToken = default);

    /// <summary>Puts a refused update back in the queue, to be sent at once; false when no refused update has that id.</summary>
    Task<bool> RetryAsync(Channel portal, long id, CancellationToken cancellationToken = default);

    /// <summary>How many updates of <paramref name="portal"/> wait or were refused.</summary>
    Task<OutboxCounts> CountAsync(Channel portal, CancellationToken cancellationToken = default);
}
