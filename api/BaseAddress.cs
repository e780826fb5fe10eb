using CaseEngine.Silo;

namespace CaseEngine.Api;

/// <summary>The configured addresses the engine builds links and requests from.</summary>
internal static class BaseAddress
{
    /// <summary>
    /// The address at <paramref name="key"/>, or null when it is not set: absolute http or https, without user, query or
    /// fragment, ending in a slash so that relative paths are appended to it rather than replace its last segment.
    /// </summary>
    /// <exception cref="EngineStartupException">It is set to anything else.</exception>
    public static Uri? Read(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https")
            || address.Query.Length > 0 || address.Fragment.Length > 0 || address.UserInfo.Length > 0)
        {
            throw new EngineStartupException($"{key} must be an absolute http or https address without user, query or fragment, not '{text}'.");
        }

        return address.AbsolutePath.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }
}
