using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Api.Security;

/// <summary>
/// Validates bearer tokens with the standard handler and remembers each valid one until it expires, five minutes at
/// most: a counter client sends the same token with every request, and checking its signature and parsing its claims
/// each time was a tenth of the engine's allocations per request. Invalid tokens are never remembered.
/// </summary>
/// <param name="inner">The handler that validates (issuer, audience, lifetime, signature).</param>
/// <param name="time">The clock the cached entries expire by.</param>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider time) : TokenHandler
{
    /// <summary>How long a validated token is remembered at most, so a key rotated by the identity provider is honoured soon.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How many tokens are remembered at most; beyond it, expired entries are dropped, then all.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    /// <summary>How many tokens are remembered now.</summary>
    public int Count => _validated.Count;

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow();
        if (_validated.TryGetValue(token, out var entry) && entry.Until > now)
        {
            return entry.Result;
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: { } validated, ClaimsIdentity: { } identity })
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc));
            var until = expires < now + MaxAge ? expires : now + MaxAge;
            if (until > now)
            {
                // Requests share the result from here on: its claims are materialised once, before anyone reads them.
                _ = identity.Claims.Count();
                if (_validated.Count >= Capacity)
                {
                    Prune(now);
                }

                _validated[token] = new Entry(result, until);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (token, entry) in _validated)
        {
            if (entry.Until <= now)
            {
                _validated.TryRemove(token, out _);
            }
        }

        if (_validated.Count >= Capacity)
        {
            _validated.Clear();
        }
    }

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset Until);
}
