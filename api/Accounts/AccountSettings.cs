using System.ComponentModel.DataAnnotations;
using CaseEngine.Silo;

namespace CaseEngine.Api.Accounts;

/// <summary>Rules of staff accounts and their sessions, bound from <c>CaseEngine:Accounts</c>.</summary>
public sealed class AccountSettings
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "CaseEngine:Accounts";

    /// <summary>Wrong passwords or codes in a row that lock an account. Default 5.</summary>
    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes. Default 15.</summary>
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Shortest password. Default 10 characters.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>A session unused this long ends, in minutes (each request renews it). Default 30.</summary>
    [Range(1, 24 * 60)]
    public int IdleMinutes { get; set; } = 30;

    /// <summary>A session ends this long after its sign-in however busy, in hours. Default 10.</summary>
    [Range(1, 24 * 7)]
    public int SessionHours { get; set; } = 10;

    /// <summary>Lifetime of a machine client's access token, in minutes. Default 60.</summary>
    [Range(1, 24 * 60)]
    public int ClientTokenMinutes { get; set; } = 60;

    /// <summary>
    /// How long a process trusts what it read of an account (active, security stamp) before reading it again, in
    /// seconds: a disabled account's sessions and tokens stop within this time on every process. Default 60.
    /// </summary>
    [Range(1, 60)]
    public int CheckSeconds { get; set; } = 60;
}

/// <summary>The rules of <see cref="AccountSettings"/>: its ranges, and a session no longer than its absolute limit.</summary>
public sealed class AccountSettingsValidator() : SettingsValidator<AccountSettings>(AccountSettings.Section)
{
    /// <inheritdoc/>
    protected override IEnumerable<string> Check(AccountSettings settings)
    {
        if (settings.IdleMinutes > settings.SessionHours * 60)
        {
            yield return $"{Key(nameof(settings.IdleMinutes))} ({settings.IdleMinutes}) is longer than {Key(nameof(settings.SessionHours))} ({settings.SessionHours} h)";
        }
    }
}
