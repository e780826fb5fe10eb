namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// What a dossier's pages say about its reception, its deadline and its result, in an order that never contradicts
/// itself: received, then counted from (when later), then the appointment; the result comes after the reception, and
/// after the clock start whenever that is shown.
/// </summary>
/// <param name="ReceivedAt">When the counter received it (the reception step), once received.</param>
/// <param name="CountedFrom">
/// When its working time began to count, when that is later than <paramref name="ReceivedAt"/>: handed in outside office
/// hours, or restarted after a supplement. <see langword="null"/> when it counted from the reception, and when the result
/// was ready before the clock would have started (it never ran).
/// </param>
/// <param name="AppointmentAt">The due time promised: the legal due time, or the new appointment after an apology.</param>
/// <param name="CompletedAt">When the result became ready.</param>
public sealed record ReceptionTimes(DateTimeOffset? ReceivedAt, DateTimeOffset? CountedFrom, DateTimeOffset? AppointmentAt, DateTimeOffset? CompletedAt)
{
    /// <summary>The times of <paramref name="dossier"/>.</summary>
    public static ReceptionTimes Of(DossierState dossier)
    {
        var clock = dossier.Sla?.ClockStartedAt;
        var received = dossier.Reception?.At ?? clock;
        var countedFrom = clock > received && !(dossier.CompletedAt < clock) ? clock : null;
        return new ReceptionTimes(received, countedFrom, dossier.Schedule?.Deadline.DueAt, dossier.CompletedAt);
    }
}
