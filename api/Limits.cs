using System.Globalization;

namespace CaseEngine.Api;

/// <summary>Bounds on request fields.</summary>
internal static class Limits
{
    /// <summary>About ten years of working time: anything beyond is a typing error.</summary>
    public const int MaxWorkingMinutes = 1_200_000;

    /// <summary>Instants given to the calculator stay within these years, so adding working time never overflows.</summary>
    public const int FirstYear = 1900, LastYear = 2200;

    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int MaxRequestHeaderBytes = 32 * 1024;
    public const int MaxRequestLineBytes = 8 * 1024;
}

/// <summary>ISO 8601 instants that must carry an offset.</summary>
internal static class Iso8601
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm'Z'", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
    ];

    /// <remarks>
    /// An unencoded '+' in a query string arrives as a space ("…T11:30:00 07:00"); that space is read as the '+' it was.
    /// </remarks>
    public static bool TryParseWithOffset(string text, out DateTimeOffset value)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 6 && trimmed[^6] == ' ')
        {
            trimmed = string.Concat(trimmed.AsSpan(0, trimmed.Length - 6), "+", trimmed.AsSpan(trimmed.Length - 5));
        }

        return DateTimeOffset.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>A local date and time without an offset, as a <c>datetime-local</c> input gives it: 2022-09-20T10:00.</summary>
    public static bool TryParseLocal(string text, out DateTime value) =>
        DateTime.TryParseExact(text.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];
}
