namespace CaseEngine.Api.Accounts;

/// <summary>Writes the audit of accounts: who did what to which account, when and from where. Never a password.</summary>
public sealed class AccountAudit(AccountsDbContext db, TimeProvider time)
{
    /// <summary>Records <paramref name="action"/> of <paramref name="actor"/> on <paramref name="subject"/>.</summary>
    public async Task WriteAsync(string actor, string action, string subject, string? details, HttpContext? http, CancellationToken cancellationToken = default)
    {
        db.Audit.Add(new AccountAuditEntry
        {
            At = time.GetUtcNow().ToUniversalTime(),
            Actor = actor,
            Action = action,
            Subject = subject,
            Details = details,
            Address = http?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
