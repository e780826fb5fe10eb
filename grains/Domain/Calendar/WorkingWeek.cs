namespace CaseEngine.Domain.Calendar;

/// <summary>An office's ordinary week: which weekdays it works and the sessions of each.</summary>
public sealed class WorkingWeek
{
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly Dictionary<DayOfWeek, IReadOnlyList<WorkingSession>> _daySessions;

    /// <summary>Creates a week.</summary>
    /// <param name="workingDays">Weekdays the office is open.</param>
    /// <param name="sessions">Sessions of an ordinary working day, and of a make-up working day.</param>
    /// <param name="daySessions">Sessions of particular weekdays that differ from <paramref name="sessions"/>.</param>
    public WorkingWeek(
        IEnumerable<DayOfWeek> workingDays,
        IReadOnlyList<WorkingSession> sessions,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingSession>>? daySessions = null)
    {
        _workingDays = [.. workingDays];
        Sessions = Validate(sessions);
        _daySessions = daySessions?.ToDictionary(p => p.Key, p => (IReadOnlyList<WorkingSession>)Validate(p.Value)) ?? [];
    }

    /// <summary>Monday–Friday, 08:00–12:00 and 13:00–17:00.</summary>
    public static WorkingWeek Default { get; } = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        [WorkingSession.Parse("08:00-12:00"), WorkingSession.Parse("13:00-17:00")]);

    /// <summary>Sessions of an ordinary working day.</summary>
    public IReadOnlyList<WorkingSession> Sessions { get; }

    /// <summary>Weekdays the office is open.</summary>
    public IReadOnlyCollection<DayOfWeek> WorkingDays => _workingDays;

    /// <summary>Working time of an ordinary working day (8 hours with the default sessions): what "a day" of working time is.</summary>
    public TimeSpan DayLength => Sessions.Aggregate(TimeSpan.Zero, (total, session) => total + session.Length);

    /// <summary>Whether the office opens on this weekday in an ordinary week.</summary>
    public bool Works(DayOfWeek day) => _workingDays.Contains(day);

    /// <summary>Sessions on an ordinary occurrence of <paramref name="day"/>; empty when the office is closed that day.</summary>
    public IReadOnlyList<WorkingSession> SessionsOn(DayOfWeek day) =>
        !_workingDays.Contains(day) ? [] : _daySessions.GetValueOrDefault(day, Sessions);

    /// <summary>Whether <paramref name="other"/> works the same sessions on every weekday and on make-up days.</summary>
    public bool SameAs(WorkingWeek other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other)
            || (Sessions.SequenceEqual(other.Sessions) && Enum.GetValues<DayOfWeek>().All(day => SessionsOn(day).SequenceEqual(other.SessionsOn(day))));
    }

    /// <summary>The first two of <paramref name="sessions"/> that overlap, in order of their start; null when none do.</summary>
    public static (WorkingSession Earlier, WorkingSession Later)? FirstOverlap(IEnumerable<WorkingSession> sessions)
    {
        var ordered = sessions.OrderBy(s => s.Start).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Start < ordered[i - 1].End)
            {
                return (ordered[i - 1], ordered[i]);
            }
        }

        return null;
    }

    private static WorkingSession[] Validate(IReadOnlyList<WorkingSession> sessions)
    {
        if (sessions.Count == 0)
        {
            throw new ArgumentException("A working day needs at least one session.", nameof(sessions));
        }

        if (FirstOverlap(sessions) is var (earlier, later))
        {
            throw new ArgumentException($"Sessions {earlier} and {later} overlap.", nameof(sessions));
        }

        return [.. sessions.OrderBy(s => s.Start)];
    }
}
