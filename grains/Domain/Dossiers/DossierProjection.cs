using System.Collections.Immutable;

namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// A dossier's row on the read side: what listing, counting, the lobby boards and statistics read of it, without
/// activating its grain. The store copies it as it is; nothing in it is worked out again elsewhere.
/// </summary>
[GenerateSerializer, Immutable, Alias("caseengine.dossier-row.v1")]
public sealed record DossierRow
{
    /// <summary>Dossier code.</summary>
    [Id(0)] public required string Code { get; init; }

    /// <summary>Office code.</summary>
    [Id(1)] public required string OfficeCode { get; init; }

    /// <summary>Procedure code.</summary>
    [Id(2)] public required string ProcedureCode { get; init; }

    /// <summary>Current status.</summary>
    [Id(3)] public DossierStatus Status { get; init; }

    /// <summary>Who holds it.</summary>
    [Id(4)] public string? Holder { get; init; }

    /// <summary>When it was created.</summary>
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The legal deadline's nearly-late point, once received.</summary>
    [Id(6)] public DateTimeOffset? NearlyLateAt { get; init; }

    /// <summary>The legal due time, once received.</summary>
    [Id(7)] public DateTimeOffset? DueAt { get; init; }

    /// <summary>The legal deadline's overdue point, once received.</summary>
    [Id(8)] public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>When the clock paused, while waiting for the citizen.</summary>
    [Id(9)] public DateTimeOffset? PausedSince { get; init; }

    /// <summary>How many steps its history has: a longer one is newer.</summary>
    [Id(10)] public int HistoryLength { get; init; }

    /// <summary>When it was received (its reception step).</summary>
    [Id(11)] public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The counter officer who received it.</summary>
    [Id(12)] public string? ReceivedBy { get; init; }

    /// <summary>The deadline rule applied at reception.</summary>
    [Id(13)] public SlaRule? SlaRule { get; init; }

    /// <summary>When its result became ready.</summary>
    [Id(14)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Early, on time or late against the legal deadline, as judged when the result became ready.</summary>
    [Id(15)] public Timeliness? Outcome { get; init; }

    /// <summary>Working time spent waiting for the citizen.</summary>
    [Id(16)] public TimeSpan WaitingTime { get; init; }

    /// <summary>The citizen's rating, once given.</summary>
    [Id(17)] public Satisfaction? Satisfaction { get; init; }

    /// <summary>When the rating was given.</summary>
    [Id(18)] public DateTimeOffset? RatedAt { get; init; }

    /// <summary>The idempotency key of the request that created it: a retried create finds its code by it.</summary>
    [Id(19)] public string? CreationKey { get; init; }

    /// <summary>The legal deadline, once received.</summary>
    public Deadline? Deadline => DueAt is { } due
        ? new Deadline { NearlyLateAt = NearlyLateAt!.Value, DueAt = due, OverdueAt = OverdueAt!.Value }
        : null;
}

/// <summary>One status change of a portal's dossier for its portal's outbox, as the step that made it recorded it.</summary>
/// <param name="Portal">The portal: the dossier's channel.</param>
/// <param name="PortalDossierId">The portal's own id of the dossier (MaHoSo).</param>
/// <param name="DossierCode">The engine's dossier code.</param>
/// <param name="OfficeCode">The office that handles it.</param>
/// <param name="ProcedureCode">Its procedure.</param>
/// <param name="Sequence">The step's place in the dossier's history.</param>
/// <param name="Kind">The step (Receive, Refuse, Forward, …).</param>
/// <param name="Status">The dossier's status after the step.</param>
/// <param name="At">When the step was taken.</param>
/// <param name="Handler">Who holds the dossier after the step.</param>
/// <param name="Note">The reason or note given with the step.</param>
/// <param name="DueAt">The due time in force after the write, once received.</param>
[GenerateSerializer, Immutable, Alias("caseengine.portal-step.v1")]
public sealed record PortalStep(
    [property: Id(0)] Channel Portal,
    [property: Id(1)] string PortalDossierId,
    [property: Id(2)] string DossierCode,
    [property: Id(3)] string OfficeCode,
    [property: Id(4)] string ProcedureCode,
    [property: Id(5)] int Sequence,
    [property: Id(6)] StepKind Kind,
    [property: Id(7)] DossierStatus Status,
    [property: Id(8)] DateTimeOffset At,
    [property: Id(9)] string? Handler,
    [property: Id(10)] string? Note,
    [property: Id(11)] DateTimeOffset? DueAt);

/// <summary>
/// What a write of a dossier changes besides its state: its read-side row, the updates its portal is owed, and whether
/// the lobby boards of its office must look again. It travels with the state to the store, which applies it in the
/// same transaction (PostgreSQL) or right after the state (memory).
/// </summary>
[GenerateSerializer, Immutable, Alias("caseengine.dossier-write.v1")]
public sealed record DossierWrite
{
    /// <summary>The format of this record as the store reads it; a store refuses one it does not know.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The format: <see cref="CurrentFormat"/>.</summary>
    [Id(0)] public int Format { get; init; } = CurrentFormat;

    /// <summary>The dossier's row on the read side after the write.</summary>
    [Id(1)] public required DossierRow Row { get; init; }

    /// <summary>The status changes of a portal's dossier made by the write, in order.</summary>
    [Id(2)] public ImmutableArray<PortalStep> PortalUpdates { get; init; } = [];

    /// <summary>Whether the lobby boards of the dossier's office show something the write changed.</summary>
    [Id(3)] public bool NotifyBoard { get; init; }
}

/// <summary>The one projection of a dossier's events onto the read side, the portal outbox and the lobby boards.</summary>
public static class DossierProjection
{
    /// <summary>What the write of <paramref name="next"/>, made from <paramref name="previous"/> by <paramref name="events"/>, changes.</summary>
    public static DossierWrite Project(DossierState previous, IReadOnlyList<DossierEvent> events, DossierState next) => new()
    {
        Row = RowOf(next),
        PortalUpdates = PortalUpdatesOf(previous, next),

        // The boards show status, deadlines, pauses and the steps; a rating changes none of them.
        NotifyBoard = events.Any(e => e is not DossierRated),
    };

    /// <summary>The read-side row of <paramref name="dossier"/>.</summary>
    public static DossierRow RowOf(DossierState dossier)
    {
        var reception = dossier.Reception;
        var deadline = dossier.Sla?.Deadline;
        return new DossierRow
        {
            Code = dossier.Code,
            OfficeCode = dossier.OfficeCode,
            ProcedureCode = dossier.ProcedureCode,
            Status = dossier.Status,
            Holder = dossier.Holder,
            CreatedAt = dossier.CreatedAt,
            NearlyLateAt = deadline?.NearlyLateAt,
            DueAt = deadline?.DueAt,
            OverdueAt = deadline?.OverdueAt,
            PausedSince = dossier.Pause?.Since,
            HistoryLength = dossier.History.Count,
            ReceivedAt = reception?.At,
            ReceivedBy = reception?.Actor,
            SlaRule = dossier.Sla?.Rule,
            CompletedAt = dossier.CompletedAt,
            Outcome = dossier.Outcome,
            WaitingTime = dossier.WaitingTime,
            Satisfaction = dossier.Rating?.Satisfaction,
            RatedAt = dossier.Rating?.At,
            CreationKey = dossier.History.Count > 0 ? dossier.History[0].IdempotencyKey : null,
        };
    }

    // The steps of the write that changed a portal dossier's status; its first step is the portal's own submission.
    private static ImmutableArray<PortalStep> PortalUpdatesOf(DossierState previous, DossierState next)
    {
        if (next.Channel == Channel.Counter || next.PortalDossierId is not { } portalId)
        {
            return [];
        }

        return
        [
            .. next.History.Skip(Math.Max(previous.History.Count, 1)).Where(s => s.From != s.To).Select(s => new PortalStep(
                next.Channel, portalId, next.Code, next.OfficeCode, next.ProcedureCode, s.Sequence, s.Kind, s.To, s.At,
                s.HandOverTo, s.Note, next.Sla?.Deadline.DueAt)),
        ];
    }
}
