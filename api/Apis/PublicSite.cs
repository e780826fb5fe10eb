using System.ComponentModel.DataAnnotations;
using CaseEngine.Silo;

namespace CaseEngine.Api.Apis;

/// <summary>
/// How citizens reach the engine (<c>CaseEngine:PublicBaseAddress</c>, <c>CaseEngine:PublicRequestsPerMinute</c>):
/// where its public pages are, for the QR codes printed on slips, and how often one address may ask the public
/// endpoints. Checked by <see cref="PublicSiteOptionsValidator"/>.
/// </summary>
public sealed class PublicSiteOptions
{
    /// <summary>Configuration section: the settings sit directly in <c>CaseEngine</c>.</summary>
    public const string Section = "CaseEngine";

    /// <summary>
    /// The public address of the engine, absolute http or https without user, query or fragment. Default none: the
    /// address the slip was asked at.
    /// </summary>
    public string? PublicBaseAddress { get; set; }

    /// <summary>Public (citizen) requests allowed per minute from one address. Default 30.</summary>
    [Range(1, 1_000_000)]
    public int PublicRequestsPerMinute { get; set; } = 30;
}

/// <summary>The rules of <see cref="PublicSiteOptions"/>: a public address that is an absolute http or https address, and the range of the rate.</summary>
public sealed class PublicSiteOptionsValidator() : SettingsValidator<PublicSiteOptions>(PublicSiteOptions.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(PublicSiteOptions settings) =>
        BaseAddress.Problem(Key(nameof(settings.PublicBaseAddress)), settings.PublicBaseAddress) is { } problem ? [problem] : [];
}

/// <summary>Where citizens reach the engine's public pages, for the QR codes printed on slips.</summary>
/// <param name="BaseAddress">The configured public address (<c>CaseEngine:PublicBaseAddress</c>), ending with a slash, or null to use the request's own.</param>
public sealed record PublicSite(Uri? BaseAddress)
{
    /// <summary>The public site of checked settings.</summary>
    public static PublicSite From(PublicSiteOptions options) => new(Api.BaseAddress.Parse(options.PublicBaseAddress));

    /// <summary>The citizen's status page of dossier <paramref name="code"/>: <c>{base}/tra-cuu/{code}</c>.</summary>
    public Uri StatusPage(string code, HttpRequest request) =>
        new(BaseAddress ?? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/"), $"tra-cuu/{Uri.EscapeDataString(code)}");
}
