using System.Globalization;

namespace CaseEngine.Domain.Calendar;

/// <summary>A span of office hours within one day, in the office's local time, such as 08:00–12:00.</summary>
/// <param name="Start">Local time the session opens.</param>
/// <param name="End">Local time the session closes; always after <paramref name="Start"/>.</param>
public readonly record struct WorkingSession(TimeOnly Start, TimeOnly End)
{
    /// <summary>Length of the session.</summary>
    public TimeSpan Length => End - Start;

    /// <summary>Parses <c>HH:mm-HH:mm</c>.</summary>
    /// <exception cref="FormatException">The text is not two times separated by a dash, or the end is not after the start.</exception>
    public static WorkingSession Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var session) switch
        {
            WorkingSessionError.None => session,
            WorkingSessionError.EndsBeforeStart => throw new FormatException($"'{text}' ends before it starts."),
            _ => throw new FormatException($"'{text}' is not a session of the form HH:mm-HH:mm."),
        };
    }

    /// <summary>Parses <c>HH:mm-HH:mm</c>, saying what is wrong rather than throwing.</summary>
    public static WorkingSessionError TryParse(string? text, out WorkingSession session)
    {
        session = default;
        var parts = (text ?? string.Empty).Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return WorkingSessionError.Format;
        }

        // A session crossing midnight reads as one that ends before it starts: a session lies within one day.
        if (end <= start)
        {
            return WorkingSessionError.EndsBeforeStart;
        }

        session = new WorkingSession(start, end);
        return WorkingSessionError.None;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{End.ToString("HH:mm", CultureInfo.InvariantCulture)}";
}

/// <summary>What is wrong with a session's text.</summary>
public enum WorkingSessionError
{
    /// <summary>Nothing: it is a session.</summary>
    None,

    /// <summary>Not two times HH:mm separated by a dash.</summary>
    Format,

    /// <summary>The end is not after the start (a session crossing midnight is one of these).</summary>
    EndsBeforeStart,
}
