namespace CaseEngine.Domain.Dossiers;

/// <summary>
/// A dossier's instants and durations are kept to the microsecond, as PostgreSQL keeps them: the times a step is
/// decided at are read from the clock to the microsecond, so whatever is worked out from them is the same in memory
/// and in the database.
/// </summary>
public static class DossierClock
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>Now, to the microsecond.</summary>
    public static DateTimeOffset Now(TimeProvider time) => ToMicroseconds(time.GetUtcNow());

    /// <summary><paramref name="instant"/> without its fraction of a microsecond.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset instant) =>
        instant.AddTicks(-(instant.UtcTicks % TicksPerMicrosecond));

    /// <summary><paramref name="duration"/> without its fraction of a microsecond.</summary>
    public static TimeSpan ToMicroseconds(TimeSpan duration) => TimeSpan.FromTicks(duration.Ticks - (duration.Ticks % TicksPerMicrosecond));
}
