using System.Collections.Concurrent;
using System.Security.Claims;
using CaseEngine.Api.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CaseEngine.Api.Accounts;

/// <summary>
/// What this process last read of each account: whether it is active and its security stamp, trusted for
/// <see cref="AccountSettings.CheckSeconds"/> of the engine's clock. Changes made by this process forget their entry at once;
/// changes made by another process are seen when the entry runs out.
/// </summary>
public sealed class AccountStates(IOptions<AccountSettings> settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether the account <paramref name="id"/> is active with security stamp <paramref name="stamp"/>.</summary>
    public async ValueTask<bool> IsCurrentAsync(string id, string stamp, Func<string, Task<(bool Active, string? Stamp)?>> read)
    {
        var now = time.GetUtcNow();
        if (!_entries.TryGetValue(id, out var entry) || entry.Until <= now)
        {
            var state = await read(id);
            entry = new Entry(state is { Active: true } ? state.Value.Stamp : null, now.AddSeconds(settings.Value.CheckSeconds));
            if (_entries.Count > 100_000)
            {
                _entries.Clear();
            }

            _entries[id] = entry;
        }

        return entry.Stamp is not null && string.Equals(entry.Stamp, stamp, StringComparison.Ordinal);
    }

    /// <summary>Forgets what was read of <paramref name="id"/>, after a change made here.</summary>
    public void Forget(string id) => _entries.TryRemove(id, out _);

    private sealed record Entry(string? Stamp, DateTimeOffset Until);
}

/// <summary>
/// A session or token of an engine account (its principal carries <see cref="EngineClaims.Stamp"/>) is accepted only
/// while the account is active and its security stamp is the one it was issued with; the session and bearer handlers
/// refuse it otherwise (401). Tokens of an identity provider and development tokens carry no stamp and are not checked.
/// </summary>
public static class AccountCheck
{
    /// <summary>Whether <paramref name="principal"/> may go on: not an engine account's, or one that is still current.</summary>
    public static async Task<bool> IsCurrentAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        if (principal?.FindFirstValue(EngineClaims.Stamp) is not { } stamp || principal.FindFirstValue(EngineClaims.Subject) is not { } id)
        {
            return true;
        }

        var states = http.RequestServices.GetRequiredService<AccountStates>();
        return await states.IsCurrentAsync(id, stamp, async key =>
        {
            var db = http.RequestServices.GetRequiredService<AccountsDbContext>();
            var row = await db.Users.AsNoTracking().Where(u => u.Id == key).Select(u => new { u.Active, u.SecurityStamp }).FirstOrDefaultAsync(http.RequestAborted);
            return row is null ? null : (row.Active, AccountPrincipal.StampOf(row.SecurityStamp));
        });
    }
}
