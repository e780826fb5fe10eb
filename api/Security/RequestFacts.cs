using CaseEngine.Domain.Dossiers;
using CaseEngine.Domain.Validation;

namespace CaseEngine.Api.Security;

/// <summary>What a request says about itself: who asked, from where, and its idempotency key.</summary>
internal static class RequestFacts
{
    /// <summary>Name of the header that makes a create or a step safe to retry.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKey = 100;

    /// <summary>The signed-in user's role and office and the client's address, for the history.</summary>
    public static AuditContext Audit(HttpContext http)
    {
        var user = Access.User(http);
        return new AuditContext(user.Role.ToString(), user.OfficeCode, http.Connection.RemoteIpAddress?.ToString());
    }

    /// <summary>A citizen's request about a dossier of <paramref name="dossierCode"/>'s office: no account, the address it came from.</summary>
    public static AuditContext CitizenAudit(HttpContext http, string dossierCode) =>
        new("Citizen", DossierCodeFormat.OfficeCodeOf(dossierCode), http.Connection.RemoteIpAddress?.ToString());

    /// <summary>The request's idempotency key, if any; a malformed one is added to <paramref name="errors"/>.</summary>
    public static string? IdempotencyKey(HttpContext http, FieldErrors errors)
    {
        if (!http.Request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (key is not { Length: > 0 and <= MaxIdempotencyKey } || !key.All(c => c is > ' ' and <= '~'))
        {
            errors.Add(IdempotencyKeyHeader, $"Tiêu đề {IdempotencyKeyHeader} phải là một giá trị gồm từ 1 đến {MaxIdempotencyKey} ký tự ASCII nhìn thấy được.");
            return null;
        }

        return key;
    }
}
