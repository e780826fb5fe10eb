using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CaseEngine.Api.Security;

namespace CaseEngine.Api.Accounts;

/// <summary>The claims of an engine account: those of the engine's tokens (<see cref="EngineUser.From"/> reads them), and its security stamp.</summary>
public static class AccountPrincipal
{
    /// <summary>The identity of <paramref name="account"/>, authenticated as <paramref name="authenticationType"/>.</summary>
    public static ClaimsIdentity Of(StaffAccount account, string authenticationType, string? sessionId = null)
    {
        var identity = new ClaimsIdentity(authenticationType, EngineClaims.Name, EngineClaims.Role);
        identity.AddClaim(new Claim(EngineClaims.Subject, account.Id));
        identity.AddClaim(new Claim(EngineClaims.Name, account.FullName));
        identity.AddClaim(new Claim(EngineClaims.Role, account.Role.ToString()));
        identity.AddClaim(new Claim(EngineClaims.Office, account.OfficeCode));
        identity.AddClaim(new Claim(EngineClaims.Stamp, StampOf(account.SecurityStamp)));
        if (account.DistrictWide)
        {
            identity.AddClaim(new Claim(EngineClaims.Scope, EngineClaims.DistrictScope));
        }

        if (sessionId is not null)
        {
            identity.AddClaim(new Claim(EngineClaims.Session, sessionId));
        }

        return identity;
    }

    /// <summary>
    /// What a principal carries of a security stamp: a digest, since an access token is readable by whoever holds it and
    /// the stamp itself is Identity's to keep.
    /// </summary>
    public static string StampOf(string? securityStamp) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(securityStamp ?? "")))[..32];
}
