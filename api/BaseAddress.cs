namespace CaseEngine.Api;

/// <summary>
/// The configured addresses the engine builds links and requests from: absolute http or https, without user, query or
/// fragment, made to end in a slash so that relative paths are appended to them rather than replace their last segment.
/// </summary>
internal static class BaseAddress
{
    /// <summary>
    /// Reads <paramref name="text"/> as a base address: true with null when it is not set (empty or blank), true with
    /// the address ending in a slash when it is one, false when it is anything else.
    /// </summary>
    public static bool TryParse(string? text, out Uri? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var absolute) || absolute.Scheme is not ("http" or "https")
            || absolute.Query.Length > 0 || absolute.Fragment.Length > 0 || absolute.UserInfo.Length > 0)
        {
            return false;
        }

        address = absolute.AbsolutePath.EndsWith('/') ? absolute : new Uri(absolute.AbsoluteUri + "/");
        return true;
    }

    /// <summary>Why the setting <paramref name="key"/>'s <paramref name="text"/> is not a base address; null when it is one or is not set.</summary>
    public static string? Problem(string key, string? text) =>
        TryParse(text, out _) ? null : $"{key} must be an absolute http or https address without user, query or fragment, not '{text}'";

    /// <summary>The base address of a checked setting (see <see cref="Problem"/>), or null when it is not set.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> was not checked: it is not a base address.</exception>
    public static Uri? Parse(string? text) =>
        TryParse(text, out var address) ? address : throw new ArgumentException($"'{text}' is not a base address.", nameof(text));
}
