using System.Globalization;
using System.Security.Claims;
using CaseEngine.Domain.Reference;
using CaseEngine.Silo;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Api.Security;

/// <summary>Mints tokens with the local signing key: for development and tests.</summary>
public static class TokenIssuer
{
    /// <summary>A signed token for <paramref name="user"/>, valid from now for <paramref name="lifetime"/>.</summary>
    public static string Issue(AuthSettings settings, EngineUser user, TimeSpan lifetime, string? name = null)
    {
        var key = settings.LocalKey() ?? throw new InvalidOperationException($"{AuthSettings.Section}:SigningKey is not set: tokens come from the identity provider.");
        var claims = new List<Claim>
        {
            new(EngineClaims.Subject, user.Id),
            new(EngineClaims.Name, name ?? user.Id),
            new(EngineClaims.Role, user.Role.ToString()),
            new(EngineClaims.Office, user.OfficeCode),
        };
        if (user.DistrictWide)
        {
            claims.Add(new Claim(EngineClaims.Scope, EngineClaims.DistrictScope));
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// The <c>token</c> command, for development and tests (people sign in with their accounts, machine clients take
    /// tokens at <c>/connect/token</c>): <c>token --user ID --role ROLE --office CODE [--district] [--name NAME] [--hours N]</c>
    /// prints a token on standard output. Returns the process exit code.
    /// </summary>
    public static int Run(string[] args, IConfiguration configuration)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var usage = "usage: token --user ID --role " + string.Join('|', Enum.GetNames<Role>()) + " --office CODE [--district] [--name NAME] [--hours N]";
        if (Option("--user") is not { Length: > 0 } id || Option("--role") is not { Length: > 0 } roleName || Option("--office") is not { Length: > 0 } office)
        {
            Console.Error.WriteLine(usage);
            return 2;
        }

        // Names only: Enum.TryParse also reads "7" or "1,2" as a role.
        if (Enum.GetNames<Role>().FirstOrDefault(n => string.Equals(n, roleName, StringComparison.OrdinalIgnoreCase)) is not { } known)
        {
            Console.Error.WriteLine($"CaseEngine cannot mint a token: there is no role '{roleName}'. {usage}");
            return 2;
        }

        var role = Enum.Parse<Role>(known);
        try
        {
            var offices = ReferenceDataFolder.Load(new CaseEngineOptionsValidator().Read(configuration).ReferenceDataPath).Offices;
            if (!offices.ContainsKey(office))
            {
                Console.Error.WriteLine($"CaseEngine cannot mint a token: there is no office '{office}' in the reference data; known: {string.Join(", ", offices.Keys)}.");
                return 2;
            }
        }
        catch (Exception e) when (e is EngineStartupException or ReferenceDataException)
        {
            Console.Error.WriteLine($"CaseEngine cannot mint a token: {e.Message}");
            return 1;
        }

        var hours = Option("--hours") is { } text && double.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 10;
        try
        {
            var settings = new AuthSettingsValidator().Read(configuration);
            Console.WriteLine(Issue(settings, new EngineUser(id, role, office, args.Contains("--district")), TimeSpan.FromHours(hours), Option("--name")));
            return 0;
        }
        catch (Exception e) when (e is EngineStartupException or InvalidOperationException)
        {
            Console.Error.WriteLine($"CaseEngine cannot mint a token: {e.Message}");
            return 1;
        }
    }
}
