using CaseEngine.Domain.Dossiers;

namespace CaseEngine.ReadSide;

/// <summary>
/// What statistics read of one received dossier: when and by whom it was received, its rule and legal deadline, when
/// its result became ready and how timely, the time waited for the citizen, and the citizen's rating: the part of its
/// read-side row (<see cref="DossierRow"/>) that statistics need.
/// </summary>
/// <param name="Code">Dossier code.</param>
/// <param name="OfficeCode">Office code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="Status">Current status.</param>
/// <param name="ReceivedAt">When it was received (the clock started at the next working instant).</param>
/// <param name="ReceivedBy">The counter officer who received it.</param>
/// <param name="Rule">The deadline rule applied at reception.</param>
/// <param name="Deadline">The legal deadline (moved by waiting time).</param>
/// <param name="PausedSince">When the clock paused, while waiting for the citizen.</param>
/// <param name="CompletedAt">When the result became ready.</param>
/// <param name="Outcome">Early, on time or late, waiting time excluded, as judged when the result became ready.</param>
/// <param name="WaitingTime">Working time spent waiting for the citizen.</param>
/// <param name="Satisfaction">The citizen's rating, once given.</param>
/// <param name="RatedAt">When the rating was given.</param>
public sealed record DossierFacts(
    string Code,
    string OfficeCode,
    string ProcedureCode,
    DossierStatus Status,
    DateTimeOffset ReceivedAt,
    string? ReceivedBy,
    SlaRule? Rule,
    Deadline? Deadline,
    DateTimeOffset? PausedSince,
    DateTimeOffset? CompletedAt,
    Timeliness? Outcome,
    TimeSpan WaitingTime,
    Satisfaction? Satisfaction,
    DateTimeOffset? RatedAt)
{
    /// <summary>Whether the result is ready or returned.</summary>
    public bool Resolved => CompletedAt is not null && Status is DossierStatus.ResultReady or DossierStatus.Returned;

    /// <summary>The facts of a dossier's read-side row, or null when it has not been received.</summary>
    public static DossierFacts? Of(DossierRow row) => row.ReceivedAt is { } receivedAt
        ? new DossierFacts(
            row.Code, row.OfficeCode, row.ProcedureCode, row.Status, receivedAt, row.ReceivedBy, row.SlaRule, row.Deadline, row.PausedSince,
            row.CompletedAt, row.Outcome, row.WaitingTime, row.Satisfaction, row.RatedAt)
        : null;

    /// <summary>Working time from reception to the result, waiting excluded, in whole minutes; null until resolved.</summary>
    public int? WorkingMinutesToResult(Domain.Calendar.WorkingCalendar calendar)
    {
        if (!Resolved)
        {
            return null;
        }

        var working = calendar.Between(ReceivedAt, CompletedAt!.Value) - WaitingTime;
        return Math.Max(0, (int)Math.Round(working.TotalMinutes, MidpointRounding.AwayFromZero));
    }

    /// <summary>Bucket at <paramref name="now"/> while open; a paused dossier is judged at its pause.</summary>
    public Bucket? BucketAt(DateTimeOffset now) => Domain.Dossiers.Deadline.BucketOf(Status, Deadline, PausedSince, now);
}

/// <summary>Which dossiers statistics read: those received, resolved or rated in a window, at some offices.</summary>
/// <param name="OfficeCodes">The offices.</param>
/// <param name="ProcedureCode">Only this procedure, when given.</param>
/// <param name="From">Start of the window.</param>
/// <param name="Before">End of the window (excluded).</param>
public sealed record FactsQuery(IReadOnlyCollection<string> OfficeCodes, string? ProcedureCode, DateTimeOffset From, DateTimeOffset Before)
{
    /// <summary>Whether <paramref name="facts"/> were received, resolved or rated in the window.</summary>
    public bool Matches(DossierFacts facts) =>
        OfficeCodes.Contains(facts.OfficeCode)
        && (ProcedureCode is null || facts.ProcedureCode == ProcedureCode)
        && (In(facts.ReceivedAt) || In(facts.CompletedAt) || In(facts.RatedAt));

    private bool In(DateTimeOffset? instant) => instant >= From && instant < Before;
}
