using System.Security.Claims;
using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Reference;

namespace CaseEngine.Api.Security;

/// <summary>Claims of the engine's tokens.</summary>
public static class EngineClaims
{
    /// <summary>User id (standard <c>sub</c>): recorded as the actor of every step.</summary>
    public const string Subject = "sub";

    /// <summary>Display name (standard <c>name</c>).</summary>
    public const string Name = "name";

    /// <summary>The user's role, one of <see cref="Domain.Reference.Role"/>.</summary>
    public const string Role = "role";

    /// <summary>The office the user belongs to.</summary>
    public const string Office = "office";

    /// <summary>Space-separated scopes; <see cref="DistrictScope"/> reaches every office of the district.</summary>
    public const string Scope = "scope";

    /// <summary>The scope of district users who may work on every office's dossiers.</summary>
    public const string DistrictScope = "district";

    /// <summary>
    /// A digest of the security stamp of the engine's own account the session or token was issued for: present only on
    /// principals of accounts kept by the engine, which are checked again (active, same stamp) at least every minute.
    /// </summary>
    public const string Stamp = "stamp";

    /// <summary>The id of a cookie session (standard <c>sid</c>), new at every sign-in.</summary>
    public const string Session = "sid";
}

/// <summary>The signed-in user, read from a validated token.</summary>
/// <param name="Id">User id.</param>
/// <param name="Role">Role.</param>
/// <param name="OfficeCode">Office the user belongs to.</param>
/// <param name="DistrictWide">Whether the user may reach every office.</param>
public sealed record EngineUser(string Id, Role Role, string OfficeCode, bool DistrictWide)
{
    /// <summary>The user of <paramref name="principal"/>, or null when its token lacks the engine's claims.</summary>
    public static EngineUser? From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(EngineClaims.Subject);
        var office = principal.FindFirstValue(EngineClaims.Office);
        return id is { Length: > 0 } && office is { Length: > 0 } && Enum.TryParse<Role>(principal.FindFirstValue(EngineClaims.Role), out var role)
            ? new EngineUser(id, role, office, (principal.FindFirstValue(EngineClaims.Scope) ?? "").Split(' ').Contains(EngineClaims.DistrictScope))
            : null;
    }

    /// <summary>Whether the user may reach the dossiers of <paramref name="officeCode"/>.</summary>
    public bool Reaches(string officeCode) => Permissions.Reaches(OfficeCode, DistrictWide, officeCode);
}
