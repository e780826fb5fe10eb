using System.Security.Claims;
using CaseEngine.Domain.Dossiers;

namespace CaseEngine.Api.Security;

/// <summary>What a user of the engine does.</summary>
public enum Role
{
    /// <summary>Receives dossiers at the counter, forwards them, hands results back (cán bộ tiếp nhận).</summary>
    CounterOfficer,

    /// <summary>Helps citizens: enters drafts and fills forms, nothing more (tình nguyện viên).</summary>
    Volunteer,

    /// <summary>Processes forwarded dossiers in a specialist department (chuyên viên).</summary>
    Specialist,

    /// <summary>Signs results and refuses or stops dossiers (lãnh đạo).</summary>
    Leader,

    /// <summary>Reads everything of the office; takes no step on dossiers.</summary>
    Administrator,

    /// <summary>A portal adapter: acts only through the portal endpoints.</summary>
    PortalClient,
}

/// <summary>Claims of the engine's tokens.</summary>
public static class EngineClaims
{
    /// <summary>User id (standard <c>sub</c>): recorded as the actor of every step.</summary>
    public const string Subject = "sub";

    /// <summary>Display name (standard <c>name</c>).</summary>
    public const string Name = "name";

    /// <summary>The user's role, one of <see cref="Security.Role"/>.</summary>
    public const string Role = "role";

    /// <summary>The office the user belongs to.</summary>
    public const string Office = "office";

    /// <summary>Space-separated scopes; <see cref="DistrictScope"/> reaches every office of the district.</summary>
    public const string Scope = "scope";

    /// <summary>The scope of district users who may work on every office's dossiers.</summary>
    public const string DistrictScope = "district";
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
    public bool Reaches(string officeCode) => DistrictWide || OfficeCode == officeCode;
}

/// <summary>Which roles may take which step.</summary>
public static class Permissions
{
    /// <summary>Roles that read an office's dossiers, lists and counts.</summary>
    public static readonly Role[] Readers = [Role.CounterOfficer, Role.Volunteer, Role.Specialist, Role.Leader, Role.Administrator];

    /// <summary>Roles that receive a dossier handed in at the counter.</summary>
    public static readonly Role[] Receivers = [Role.CounterOfficer];

    /// <summary>Roles that enter a draft.</summary>
    public static readonly Role[] DraftEntrants = [Role.CounterOfficer, Role.Volunteer];

    /// <summary>Roles that may take <paramref name="action"/>.</summary>
    public static Role[] For(DossierAction action) => action switch
    {
        DossierAction.Receive or DossierAction.Forward or DossierAction.ReturnResult or DossierAction.ResubmitSupplement
            or DossierAction.ConfirmPayment or DossierAction.Withdraw => [Role.CounterOfficer],
        DossierAction.SubmitForSignature => [Role.Specialist],
        DossierAction.RequestSupplement or DossierAction.RequirePayment => [Role.CounterOfficer, Role.Specialist],
        DossierAction.ApproveResult or DossierAction.Refuse or DossierAction.Stop => [Role.Leader],
        DossierAction.IssueApology => [Role.Leader, Role.CounterOfficer],
        _ => [],
    };
}
