using CaseEngine.Domain.Reference;
using Microsoft.AspNetCore.Identity;

namespace CaseEngine.Api.Accounts;

/// <summary>Whether an account is a person who signs in, or a machine client that takes OAuth tokens.</summary>
public enum AccountKind
{
    /// <summary>A member of staff: signs in with a password (and an authenticator code when enrolled).</summary>
    Person,

    /// <summary>A portal adapter or counter app: takes tokens with its client id and secret (client credentials).</summary>
    Client,
}

/// <summary>
/// An account of the engine, kept by ASP.NET Core Identity. Its <see cref="IdentityUser{TKey}.Id"/> is its user name
/// (such as <c>cb.tiepnhan</c>): the id recorded as the actor of every step.
/// </summary>
public sealed class StaffAccount : IdentityUser
{
    /// <summary>Full name, as shown in pickers, slips and timelines.</summary>
    public string FullName { get; set; } = "";

    /// <summary>What the account may do.</summary>
    public Role Role { get; set; }

    /// <summary>The office the account belongs to (a code of the reference data).</summary>
    public string OfficeCode { get; set; } = "";

    /// <summary>Whether the account reaches every office of the district.</summary>
    public bool DistrictWide { get; set; }

    /// <summary>Whether the account may sign in or take tokens; a disabled one's sessions and tokens stop within a minute.</summary>
    public bool Active { get; set; } = true;

    /// <summary>A person or a machine client.</summary>
    public AccountKind Kind { get; set; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A new active account, its user name its id.</summary>
    public static StaffAccount New(string id, string fullName, Role role, string officeCode, bool districtWide, AccountKind kind, DateTimeOffset createdAt) => new()
    {
        Id = id,
        UserName = id,
        FullName = fullName.Trim(),
        Role = role,
        OfficeCode = officeCode,
        DistrictWide = districtWide,
        Kind = kind,
        Active = true,
        CreatedAt = createdAt.ToUniversalTime(),
    };
}

/// <summary>One audited event about accounts: a sign-in, a failure, a sign-out or an administrator's change.</summary>
public sealed class AccountAuditEntry
{
    /// <summary>Sequence number.</summary>
    public long Id { get; set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it: the signed-in administrator, the account signing in, or the command line.</summary>
    public string Actor { get; set; } = "";

    /// <summary>What happened (one of <see cref="AccountEvents"/>).</summary>
    public string Action { get; set; } = "";

    /// <summary>The account it concerns.</summary>
    public string Subject { get; set; } = "";

    /// <summary>What changed, in Vietnamese; never a password.</summary>
    public string? Details { get; set; }

    /// <summary>The client's address, when it came over HTTP.</summary>
    public string? Address { get; set; }
}

/// <summary>The actions of <see cref="AccountAuditEntry"/>.</summary>
public static class AccountEvents
{
    /// <summary>Signed in.</summary>
    public const string SignedIn = "SignedIn";

    /// <summary>A sign-in refused: unknown account, wrong password or code, disabled or locked out.</summary>
    public const string SignInFailed = "SignInFailed";

    /// <summary>Signed out.</summary>
    public const string SignedOut = "SignedOut";

    /// <summary>Created by an administrator or the first-administrator command.</summary>
    public const string Created = "Created";

    /// <summary>Password set anew by an administrator.</summary>
    public const string PasswordReset = "PasswordReset";

    /// <summary>Disabled.</summary>
    public const string Disabled = "Disabled";

    /// <summary>Enabled again.</summary>
    public const string Enabled = "Enabled";

    /// <summary>Full name, role, office or district scope changed.</summary>
    public const string Changed = "Changed";

    /// <summary>An authenticator app enrolled: sign-ins ask for its code from now on.</summary>
    public const string TwoFactorEnabled = "TwoFactorEnabled";

    /// <summary>A machine client took a token.</summary>
    public const string TokenIssued = "TokenIssued";
}
