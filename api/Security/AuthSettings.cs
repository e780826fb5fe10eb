using System.Security.Cryptography;
using CaseEngine.Silo;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Api.Security;

/// <summary>
/// Token validation settings, bound from <c>CaseEngine:Auth</c>: a real identity provider (<see cref="Authority"/>,
/// whose published keys sign the tokens) or a local signing key (<see cref="SigningKey"/>, for one-stop offices
/// without one; <c>./run.sh token</c> mints tokens with it). Checked by <see cref="AuthSettingsValidator"/>.
/// </summary>
public sealed class AuthSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "CaseEngine:Auth";

    /// <summary>Smallest local signing key, in bytes (HMAC-SHA256).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>Expected issuer (<c>iss</c>). Default "caseengine".</summary>
    public string Issuer { get; set; } = "caseengine";

    /// <summary>Expected audience (<c>aud</c>). Default "caseengine-api".</summary>
    public string Audience { get; set; } = "caseengine-api";

    /// <summary>Base64 of a local HMAC-SHA256 key of at least 32 bytes. Default none.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect issuer address of an identity provider; its discovery document supplies the keys. Default none.</summary>
    public string? Authority { get; set; }

    /// <summary>The local key of checked settings, or null when tokens come from the identity provider.</summary>
    public SymmetricSecurityKey? LocalKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        var bytes = Convert.FromBase64String(SigningKey);
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }
}

/// <summary>
/// The rules of <see cref="AuthSettings"/>: an issuer and an audience, and a way to check tokens: a local key of at
/// least <see cref="AuthSettings.MinimumKeyBytes"/> bytes in base64, or an identity provider.
/// </summary>
public sealed class AuthSettingsValidator() : SettingsValidator<AuthSettings>(AuthSettings.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(AuthSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.Issuer) || string.IsNullOrWhiteSpace(settings.Audience))
        {
            yield return $"{Key(nameof(settings.Issuer))} and {Key(nameof(settings.Audience))} must not be empty";
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            var bytes = new byte[settings.SigningKey.Length];
            if (!Convert.TryFromBase64String(settings.SigningKey, bytes, out var length))
            {
                yield return $"{Key(nameof(settings.SigningKey))} is not base64";
            }
            else if (length < AuthSettings.MinimumKeyBytes)
            {
                yield return $"{Key(nameof(settings.SigningKey))} has {length} bytes; at least {AuthSettings.MinimumKeyBytes} are needed";
            }
        }

        if (!string.IsNullOrWhiteSpace(settings.Authority)
            && !(Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) && authority.Scheme is "http" or "https"))
        {
            yield return $"{Key(nameof(settings.Authority))} must be an absolute http or https address, not '{settings.Authority}'";
        }

        if (string.IsNullOrWhiteSpace(settings.SigningKey) && string.IsNullOrWhiteSpace(settings.Authority))
        {
            yield return $"no way to check tokens: set {Key(nameof(settings.SigningKey))} (base64 of {AuthSettings.MinimumKeyBytes}+ random bytes; "
                + $"./run.sh makes one in .data/signing-key) or {Key(nameof(settings.Authority))} (an OpenID Connect identity provider)";
        }
    }
}
