using CaseEngine.Domain.Reference;
using CaseEngine.Api.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseEngine.Tests.Api;

/// <summary>Valid tokens are validated once and remembered until they expire, five minutes at most; invalid ones never.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly AuthSettings Settings = new AuthSettingsValidator().Read(new ConfigurationBuilder()
        .AddInMemoryCollection([new($"{AuthSettings.Section}:SigningKey", Support.Tokens.SigningKey)]).Build());

    private static readonly TokenValidationParameters Parameters = new()
    {
        ValidIssuer = Settings.Issuer,
        ValidAudience = Settings.Audience,
        IssuerSigningKey = Settings.LocalKey(),
        ClockSkew = TimeSpan.Zero,
    };

    private readonly CountingHandler _inner = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private static string Token(TimeSpan lifetime, string user = "cb.tiepnhan") =>
        TokenIssuer.Issue(Settings, new EngineUser(user, Role.CounterOfficer, "018", false), lifetime);

    [Fact]
    public async Task AValidToken_IsValidatedOnce_AndTheSameClaimsServeLaterRequests()
    {
        var cache = new ValidatedTokenCache(_inner, _time);
        var token = Token(TimeSpan.FromHours(1));

        var first = await cache.ValidateTokenAsync(token, Parameters);
        _time.Advance(TimeSpan.FromMinutes(4));
        var second = await cache.ValidateTokenAsync(token, Parameters);

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Validations);
        Assert.Equal("cb.tiepnhan", second.ClaimsIdentity.FindFirst(EngineClaims.Subject)?.Value);
        Assert.Equal("018", second.ClaimsIdentity.FindFirst(EngineClaims.Office)?.Value);
    }

    [Fact]
    public async Task AnInvalidToken_IsNeverRemembered()
    {
        var cache = new ValidatedTokenCache(_inner, _time);
        var token = Token(TimeSpan.FromHours(1));
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        var first = await cache.ValidateTokenAsync(forged, Parameters);
        var second = await cache.ValidateTokenAsync(forged, Parameters);

        Assert.False(first.IsValid);
        Assert.False(second.IsValid);
        Assert.Equal(2, _inner.Validations);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task ARememberedToken_IsValidatedAgain_AfterFiveMinutes()
    {
        var cache = new ValidatedTokenCache(_inner, _time);
        var token = Token(TimeSpan.FromHours(1));

        await cache.ValidateTokenAsync(token, Parameters);
        _time.Advance(ValidatedTokenCache.MaxAge);
        await cache.ValidateTokenAsync(token, Parameters);

        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task ARememberedToken_IsNotServedPastItsExpiry()
    {
        var cache = new ValidatedTokenCache(_inner, _time);
        var token = Token(TimeSpan.FromMinutes(2));

        await cache.ValidateTokenAsync(token, Parameters);
        _time.Advance(TimeSpan.FromMinutes(2));
        await cache.ValidateTokenAsync(token, Parameters);

        Assert.Equal(2, _inner.Validations);
    }

    [Fact]
    public async Task TheCache_StaysWithinItsCapacity()
    {
        var cache = new ValidatedTokenCache(_inner, _time);
        var tokens = Enumerable.Range(0, ValidatedTokenCache.Capacity + 1).Select(i => Token(TimeSpan.FromHours(1), $"user{i}")).ToList();

        foreach (var token in tokens)
        {
            await cache.ValidateTokenAsync(token, Parameters);
        }

        Assert.InRange(cache.Count, 1, ValidatedTokenCache.Capacity);
        Assert.True((await cache.ValidateTokenAsync(tokens[^1], Parameters)).IsValid);
    }

    private sealed class CountingHandler : JsonWebTokenHandler
    {
        private int _validations;

        public int Validations => _validations;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref _validations);
            return base.ValidateTokenAsync(token, validationParameters);
        }
    }
}
