using CaseEngine.Domain.Wording;

namespace CaseEngine.Domain.Dossiers;

/// <summary>What a revision of a dossier's deadline under a new holiday calendar changes, or would change.</summary>
/// <param name="Code">Dossier code.</param>
/// <param name="OfficeCode">Office code.</param>
/// <param name="ProcedureCode">Procedure code.</param>
/// <param name="FromDue">The legal due time before.</param>
/// <param name="ToDue">The legal due time after (the same when only its nearly-late or overdue point moves).</param>
/// <param name="TurnsLate">Whether the dossier, not late before, is late at once under the revised deadline.</param>
/// <param name="Promised">
/// Whether the reminders enforce a new appointment promised to the citizen with an apology, which stays as promised:
/// only the legal deadline moves.
/// </param>
[GenerateSerializer, Immutable, Alias("caseengine.deadline-shift.v1")]
public sealed record DeadlineShift(
    [property: Id(0)] string Code,
    [property: Id(1)] string OfficeCode,
    [property: Id(2)] string ProcedureCode,
    [property: Id(3)] DateTimeOffset FromDue,
    [property: Id(4)] DateTimeOffset ToDue,
    [property: Id(5)] bool TurnsLate,
    [property: Id(6)] bool Promised);

/// <summary>
/// A dossier's deadline counted again when the holiday calendar changes, as pure functions: <see cref="Preview"/> says
/// what would move, <see cref="Revise"/> decides the <see cref="DeadlineRevised"/> event that moves it.
/// </summary>
/// <remarks>
/// <para>
/// The legal deadline is counted again as the new calendar would have had it from the start: the same rule (the rule
/// set's fast-track working time, or the procedure's processing time) from the same clock start
/// (<see cref="Sla.ClockStartedAt"/>, which after a restart of the clock is the restart), by
/// <see cref="SlaPolicy.Recount"/>; then every pause the citizen answered since that clock start is replayed from the
/// history, exactly as the resume shifted it (<see cref="Reference.SupplementPolicy.ShiftDueTime"/>): the instants still ahead
/// at the pause move later by the working time between the pause and the answer, measured with the new calendar.
/// Under an unchanged calendar this gives the deadline the dossier has, so nothing is revised. A pause answered before
/// the clock start is the one a restart ended (or one that waited no working time), and is not replayed.
/// </para>
/// <para>
/// A dossier paused now is revised the same way; its pause is not over, and the resume shifts the revised deadline by
/// the time waited, as it always does. The schedule the reminders enforce follows the legal deadline while it is that
/// deadline (generation 0); a new appointment promised to the citizen with an apology stays as promised, and only the
/// legal deadline, which on-time statistics and the board judge, moves. Deadline events already fired stay fired; the
/// next one is the first not yet fired, at its instant in the revised schedule, at once when that is past. The time
/// waited (<see cref="DossierState.WaitingTime"/>) is what was measured at each answer and is not counted again.
/// </para>
/// <para>
/// Nothing is revised for a dossier that does not exist, is not received yet (no deadline), is finished, or whose
/// deadline instants all stay where they are.
/// </para>
/// </remarks>
public static class DeadlineRevision
{
    /// <summary>What <see cref="Revise"/> would change in <paramref name="state"/> under <paramref name="context"/>'s calendar at <paramref name="now"/>, or <see langword="null"/> when nothing moves.</summary>
    public static DeadlineShift? Preview(DossierState state, DossierContext context, DateTimeOffset now) =>
        Project(state, context, now)?.Shift;

    /// <summary>
    /// The event that re-projects <paramref name="state"/>'s deadline under <paramref name="context"/>'s calendar, with
    /// <paramref name="reason"/> on its timeline; <see langword="null"/> when nothing moves.
    /// </summary>
    /// <exception cref="RuleViolationException">The reason or the actor is blank.</exception>
    public static DeadlineRevised? Revise(DossierState state, DossierContext context, DateTimeOffset now, string reason, string actor)
    {
        DossierDecider.RequireText(actor, "người thực hiện");
        DossierDecider.RequireText(reason, "lý do");
        if (Project(state, context, now) is not { } projected)
        {
            return null;
        }

        var (sla, schedule, shift) = projected;
        var calendar = context.Calendar;
        var note = VietnameseWords.DueRevised(
            calendar.ToLocal(shift.FromDue), calendar.ToLocal(shift.ToDue), shift.Promised ? calendar.ToLocal(schedule.Deadline.DueAt) : null, reason);
        return new DeadlineRevised(sla, schedule, shift, actor, now, note);
    }

    private static (Sla Sla, Schedule Schedule, DeadlineShift Shift)? Project(DossierState state, DossierContext context, DateTimeOffset now)
    {
        if (!state.Status.IsOpen() || state.Sla is not { } sla || state.Schedule is not { } schedule)
        {
            return null;
        }

        var revised = SlaPolicy.Recount(sla, context);
        var calendar = context.Calendar;
        var deadline = AnsweredPauses(state, sla.ClockStartedAt)
            .Aggregate(revised.Deadline, (d, pause) => DossierDecider.Shift(d, calendar, pause.Since, calendar.Between(pause.Since, pause.Answered)));
        revised = revised with { Deadline = deadline };
        var promised = schedule.Generation > 0;
        var enforced = promised ? schedule : schedule with { Deadline = deadline };
        if (revised.Deadline == sla.Deadline && enforced == schedule)
        {
            return null;
        }

        var after = state with { Sla = revised, Schedule = enforced };
        var turnsLate = after.BucketAt(now) == Bucket.Late && state.BucketAt(now) != Bucket.Late;
        var shift = new DeadlineShift(state.Code, state.OfficeCode, state.ProcedureCode, sla.Deadline.DueAt, deadline.DueAt, turnsLate, promised);
        return (revised, enforced, shift);
    }

    // The pauses the citizen answered after the clock started, from the history: each from the step that paused the
    // clock to the step that let it run again.
    private static IEnumerable<(DateTimeOffset Since, DateTimeOffset Answered)> AnsweredPauses(DossierState state, DateTimeOffset clockStart)
    {
        DateTimeOffset? since = null;
        foreach (var step in state.History)
        {
            if (step.To.IsPaused() && !step.From.IsPaused())
            {
                since = step.At;
            }
            else if (step.From.IsPaused() && step.To.ClockRuns() && since is { } pausedAt)
            {
                if (step.At > clockStart)
                {
                    yield return (pausedAt, step.At);
                }

                since = null;
            }
        }
    }
}
