using System.Globalization;
using CaseEngine.Domain.Calendar;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Dossiers;

/// <summary>Which deadline a dossier gets at reception, and its nearly-late and overdue points.</summary>
/// <remarks>
/// Reception, clock start and due time always come in that order: the clock starts at the first working instant at or
/// after the reception, and the due time is counted from the clock start.
/// </remarks>
public static class SlaPolicy
{
    /// <summary>
    /// A dossier handed in directly at the counter, for a procedure on the fast-track list, on a day that is one of the
    /// office's fast-track weekdays, gets the rule set's fast-track working time when its clock starts that same day, no
    /// later than <see cref="LatestFastTrackStart"/> (the rule set's cut-off, and early enough for the fast-track time
    /// to end before the day's last session closes). Handed in on that weekday but too late for it, it gets what
    /// <see cref="RuleSet.LateFastTrack"/> says. Anything else gets the procedure's standard time.
    /// </summary>
    public static Sla AtReception(DossierContext context, Channel channel, DateTimeOffset receivedAt)
    {
        var calendar = context.Calendar;
        var clockStart = calendar.NextWorkingInstant(receivedAt);
        var day = calendar.LocalDate(receivedAt);
        if (channel != Channel.Counter || !context.Procedure.FastTrack || !context.Office.FastTrackDays.Contains(day.DayOfWeek))
        {
            return Build(context, SlaRule.Standard, clockStart, null);
        }

        var miss = Miss(context, day, clockStart);
        var rule = miss is null || context.Rules.LateFastTrack == LateFastTrackReception.CarryOver ? SlaRule.FastTrack : SlaRule.Standard;
        return Build(context, rule, clockStart, miss);
    }

    /// <summary>The same rule started again at <paramref name="restartAt"/> (supplement policy <see cref="SupplementPolicy.RestartClock"/>).</summary>
    public static Sla Restart(Sla previous, DossierContext context, DateTimeOffset restartAt) =>
        Build(context, previous.Rule, context.Calendar.NextWorkingInstant(restartAt), previous.FastTrackMissed);

    /// <summary>
    /// The same rule counted again from the same clock start under <paramref name="context"/>, as a new holiday calendar
    /// would have had it from the start: what <paramref name="sla"/> would be had the dossier never paused.
    /// </summary>
    public static Sla Recount(Sla sla, DossierContext context) =>
        Build(context, sla.Rule, sla.ClockStartedAt, sla.FastTrackMissed);

    /// <summary>
    /// The latest office time of day at which a clock may start on a day worked in <paramref name="sessions"/> and still
    /// have the rule set's fast-track time end that day: the last moment the fast-track working time ends by the close
    /// of the last session, or the rule set's cut-off when that is earlier; <see langword="null"/> when no clock
    /// starting that day can (the day is too short, or the cut-off comes before it opens).
    /// </summary>
    public static TimeOnly? LatestFastTrackStart(IReadOnlyList<WorkingSession> sessions, RuleSet rules)
    {
        var left = TimeSpan.FromMinutes(rules.FastTrackWorkingMinutes);
        for (var i = sessions.Count - 1; i >= 0; i--)
        {
            var session = sessions[i];
            if (left > session.Length)
            {
                left -= session.Length;
                continue;
            }

            var latest = session.End.Add(-left);
            if (rules.FastTrackCutOff is { } cutOff && cutOff < latest)
            {
                return cutOff >= sessions[0].Start ? cutOff : null;
            }

            return latest;
        }

        return null;
    }

    /// <summary>Nearly-late and overdue points for a window of working time from <paramref name="start"/> to <paramref name="due"/>.</summary>
    public static Deadline DeadlineBetween(DossierContext context, DateTimeOffset start, DateTimeOffset due)
    {
        var calendar = context.Calendar;
        var window = calendar.Between(start, due);
        return new Deadline
        {
            NearlyLateAt = calendar.Add(start, DossierClock.ToMicroseconds(window * context.Rules.NearlyLateFraction)),
            DueAt = due,
            OverdueAt = calendar.AddWorkingMinutes(due, context.Rules.OverdueEscalationWorkingMinutes),
        };
    }

    // Why a fast-track dossier handed in on a fast-track weekday cannot have its time that day, or null when it can.
    private static FastTrackMiss? Miss(DossierContext context, DateOnly day, DateTimeOffset clockStart)
    {
        var calendar = context.Calendar;
        if (calendar.LocalDate(clockStart) != day)
        {
            return FastTrackMiss.OutsideWorkingHours;
        }

        var startsAt = TimeOnly.FromDateTime(calendar.ToLocal(clockStart).DateTime);
        return LatestFastTrackStart(calendar.SessionsOn(day), context.Rules) is { } latest && startsAt <= latest
            ? null
            : FastTrackMiss.TooLateInTheDay;
    }

    private static Sla Build(DossierContext context, SlaRule rule, DateTimeOffset clockStart, FastTrackMiss? miss)
    {
        var calendar = context.Calendar;
        var (due, allotted) = rule == SlaRule.FastTrack
            ? (calendar.AddWorkingMinutes(clockStart, context.Rules.FastTrackWorkingMinutes),
               string.Create(CultureInfo.InvariantCulture, $"{context.Rules.FastTrackWorkingMinutes} working minutes"))
            : (context.Procedure.ProcessingTime.DueFrom(calendar, clockStart), context.Procedure.ProcessingTime.ToString());
        return new Sla
        {
            Rule = rule,
            Allotted = allotted,
            RuleSetVersion = context.Rules.Version,
            ClockStartedAt = clockStart,
            Deadline = DeadlineBetween(context, clockStart, due),
            FastTrackMissed = miss,
        };
    }
}
