using CaseEngine.Domain.Dossiers;

namespace CaseEngine.ReadSide;

/// <summary>
/// What statistics read of one received dossier: when and by whom it was received, its rule and legal deadline, when
/// its result became ready and how timely, the time waited for the citizen, and the citizen's rating. The PostgreSQL
/// index keeps the same values in <c>dossier_index</c> (migration 0008); instants and the waiting time are kept to the
/// microsecond, as PostgreSQL keeps them, so both read sides give the same numbers.
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
    /// <summary>The kind of step that receives a dossier; it follows creation directly.</summary>
    public const string ReceiveStep = nameof(DossierAction.Receive);

    /// <summary>Whether the result is ready or returned.</summary>
    public bool Resolved => CompletedAt is not null && Status is DossierStatus.ResultReady or DossierStatus.Returned;

    /// <summary>The facts of <paramref name="dossier"/>, or null when it has not been received.</summary>
    public static DossierFacts? Of(DossierState dossier)
    {
        // As the trigger reads it: reception is the history's second step, or there is none.
        if (dossier.History.Count < 2 || dossier.History[1] is not { Kind: ReceiveStep } reception)
        {
            return null;
        }

        return new DossierFacts(
            dossier.Code,
            dossier.OfficeCode,
            dossier.ProcedureCode,
            dossier.Status,
            Micro(reception.At),
            reception.Actor,
            dossier.Sla?.Rule,
            dossier.Sla?.Deadline is { } d ? new Deadline { NearlyLateAt = Micro(d.NearlyLateAt), DueAt = Micro(d.DueAt), OverdueAt = Micro(d.OverdueAt) } : null,
            Micro(dossier.Pause?.Since),
            Micro(dossier.CompletedAt),
            dossier.Outcome,
            Micro(dossier.WaitingTime),
            dossier.Rating?.Satisfaction,
            Micro(dossier.Rating?.At));
    }

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
    public Bucket? BucketAt(DateTimeOffset now) =>
        Status.IsOpen() && Deadline is { } deadline ? deadline.BucketAt(PausedSince ?? now) : null;

    // PostgreSQL keeps microseconds, rounding the rest half to even; so does this.
    private static TimeSpan Micro(TimeSpan value) => TimeSpan.FromTicks((long)Math.Round(value.Ticks / 10.0, MidpointRounding.ToEven) * 10);

    private static DateTimeOffset Micro(DateTimeOffset value) =>
        new(value.UtcDateTime.Date.Add(Micro(value.UtcDateTime.TimeOfDay)), TimeSpan.Zero);

    private static DateTimeOffset? Micro(DateTimeOffset? value) => value is { } v ? Micro(v) : null;
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
