using CaseEngine.Silo;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Api.Security;

/// <summary>
/// Token validation settings, bound from <c>CaseEngine:Auth</c>: a real identity provider (<see cref="Authority"/>,
/// whose published keys sign the tokens) or a local signing key (<see cref="SigningKey"/>, for one-stop offices
/// without one; <c>./run.sh token</c> mints tokens with it).
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

    /// <summary>Base64 of a local HMAC-SHA256 key of at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect issuer address of an identity provider; its discovery document supplies the keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The local key, if any.</summary>
    public SymmetricSecurityKey? Key { get; private set; }

    /// <summary>Reads and checks the settings; a problem throws <see cref="EngineStartupException"/> with one line.</summary>
    public static AuthSettings Read(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<AuthSettings>() ?? new AuthSettings();
        if (string.IsNullOrWhiteSpace(settings.Issuer) || string.IsNullOrWhiteSpace(settings.Audience))
        {
            throw new EngineStartupException($"{Section}:Issuer and {Section}:Audience must not be empty.");
        }

        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(settings.SigningKey);
            }
            catch (FormatException)
            {
                throw new EngineStartupException($"{Section}:SigningKey is not base64.");
            }

            if (bytes.Length < MinimumKeyBytes)
            {
                throw new EngineStartupException($"{Section}:SigningKey has {bytes.Length} bytes; at least {MinimumKeyBytes} are needed.");
            }

            settings.Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16] };
        }
        else if (string.IsNullOrWhiteSpace(settings.Authority))
        {
            throw new EngineStartupException(
                $"no way to check tokens: set {Section}:SigningKey (base64 of {MinimumKeyBytes}+ random bytes; ./run.sh makes one in .data/signing-key) "
                + $"or {Section}:Authority (an OpenID Connect identity provider).");
        }

        return settings;
    }
}
