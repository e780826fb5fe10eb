using System.Globalization;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Domain.Dossiers;

/// <summary>Which deadline a dossier gets at reception, and its nearly-late and overdue points.</summary>
public static class SlaPolicy
{
    /// <summary>
    /// A dossier handed in directly at the counter, on one of the office's fast-track weekdays, for a procedure on
    /// the fast-track list, gets the rule set's fast-track working time; anything else gets the procedure's standard time.
    /// </summary>
    public static Sla AtReception(DossierContext context, Channel channel, DateTimeOffset receivedAt)
    {
        var calendar = context.Calendar;
        var fastTrack = channel == Channel.Counter
            && context.Procedure.FastTrack
            && context.Office.FastTrackDays.Contains(calendar.LocalDate(receivedAt).DayOfWeek);
        return Build(context, fastTrack ? SlaRule.FastTrack : SlaRule.Standard, receivedAt);
    }

    /// <summary>The same rule started again at <paramref name="restartAt"/> (supplement policy <see cref="SupplementPolicy.RestartClock"/>).</summary>
    public static Sla Restart(Sla previous, DossierContext context, DateTimeOffset restartAt) => Build(context, previous.Rule, restartAt);

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

    private static Sla Build(DossierContext context, SlaRule rule, DateTimeOffset start)
    {
        var calendar = context.Calendar;
        var clockStart = calendar.NextWorkingInstant(start);
        var (due, allotted) = rule == SlaRule.FastTrack
            ? (calendar.AddWorkingMinutes(start, context.Rules.FastTrackWorkingMinutes),
               string.Create(CultureInfo.InvariantCulture, $"{context.Rules.FastTrackWorkingMinutes} working minutes"))
            : (context.Procedure.ProcessingTime.DueFrom(calendar, start), context.Procedure.ProcessingTime.ToString());
        return new Sla
        {
            Rule = rule,
            Allotted = allotted,
            RuleSetVersion = context.Rules.Version,
            ClockStartedAt = clockStart,
            Deadline = DeadlineBetween(context, clockStart, due),
        };
    }
}
