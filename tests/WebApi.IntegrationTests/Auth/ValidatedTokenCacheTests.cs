using System.Security.Claims;
using System.Security.Cryptography;
using LearningPlatform.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.WebApi.IntegrationTests.Auth;

/// <summary>The bearer handler's cache of successful validations, with real RS256 tokens and the real token handler.</summary>
public class ValidatedTokenCacheTests
{
    private const string Issuer = "http://issuer.test/";
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "k1" };
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_token_is_checked_once_and_then_served_from_memory_until_its_expiry()
    {
        var inner = new CountingHandler();
        var handler = new CachingTokenHandler(inner, new ValidatedTokenCache(_clock));
        var token = Token(_key, lifetime: TimeSpan.FromMinutes(10));

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        first.IsValid.Should().BeTrue();
        second.IsValid.Should().BeTrue();
        second.ClaimsIdentity.FindFirst("sub")!.Value.Should().Be(first.ClaimsIdentity.FindFirst("sub")!.Value);
        second.SecurityToken.ValidTo.Should().Be(first.SecurityToken.ValidTo);
        inner.Calls.Should().Be(1, "the second request with the same token is not checked again");

        _clock.Advance(TimeSpan.FromMinutes(10));
        await handler.ValidateTokenAsync(token, Parameters());
        inner.Calls.Should().Be(2, "past its exp the token is validated again (and refused by the lifetime check)");
    }

    [Fact]
    public async Task A_refused_token_is_checked_again_every_time()
    {
        var inner = new CountingHandler();
        var handler = new CachingTokenHandler(inner, new ValidatedTokenCache(_clock));
        var forged = Token(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k1" }, lifetime: TimeSpan.FromMinutes(10));

        (await handler.ValidateTokenAsync(forged, Parameters())).IsValid.Should().BeFalse();
        (await handler.ValidateTokenAsync(forged, Parameters())).IsValid.Should().BeFalse();

        inner.Calls.Should().Be(2);
    }

    [Fact]
    public async Task Each_request_gets_its_own_copy_of_the_remembered_identity()
    {
        var handler = new CachingTokenHandler(new CountingHandler(), new ValidatedTokenCache(_clock));
        var token = Token(_key, lifetime: TimeSpan.FromMinutes(10));
        await handler.ValidateTokenAsync(token, Parameters());

        var mine = await handler.ValidateTokenAsync(token, Parameters());
        mine.ClaimsIdentity.AddClaim(new Claim("added", "by one request"));
        var theirs = await handler.ValidateTokenAsync(token, Parameters());

        theirs.ClaimsIdentity.FindFirst("added").Should().BeNull();
    }

    [Fact]
    public async Task A_full_cache_makes_room_for_a_new_token_by_dropping_the_least_recently_used_tenth()
    {
        var inner = new CountingHandler();
        var cache = new ValidatedTokenCache(_clock, maxEntries: 20);
        var handler = new CachingTokenHandler(inner, cache);
        var tokens = Enumerable.Range(0, 20).Select(_ => Token(_key, lifetime: TimeSpan.FromMinutes(10))).ToList();
        foreach (var token in tokens)
        {
            await handler.ValidateTokenAsync(token, Parameters());
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        foreach (var token in tokens.Take(10))
        {
            await handler.ValidateTokenAsync(token, Parameters());
            _clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        inner.Calls.Should().Be(20, "the second use of the first ten is served from memory");
        var newcomer = Token(_key, lifetime: TimeSpan.FromMinutes(10));
        (await handler.ValidateTokenAsync(newcomer, Parameters())).IsValid.Should().BeTrue();
        cache.Count.Should().Be(19, "the two least recently used were dropped (to nine tenths of 20), then the newcomer added");

        (await handler.ValidateTokenAsync(newcomer, Parameters())).IsValid.Should().BeTrue();
        foreach (var token in tokens.Take(10).Concat(tokens.Skip(12)))
        {
            await handler.ValidateTokenAsync(token, Parameters());
        }

        inner.Calls.Should().Be(21, "the newcomer, the recently used and the rest stayed remembered");
        await handler.ValidateTokenAsync(tokens[10], Parameters());
        await handler.ValidateTokenAsync(tokens[11], Parameters());
        inner.Calls.Should().Be(23, "the two least recently used (found only when they were added) are validated again");
    }

    [Fact]
    public async Task A_full_cache_drops_expired_tokens_before_live_ones()
    {
        var inner = new CountingHandler();
        var cache = new ValidatedTokenCache(_clock, maxEntries: 2);
        var handler = new CachingTokenHandler(inner, cache);
        var shortLived = Token(_key, lifetime: TimeSpan.FromMinutes(1));
        var longLived = Token(_key, lifetime: TimeSpan.FromMinutes(20));
        await handler.ValidateTokenAsync(longLived, Parameters());
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await handler.ValidateTokenAsync(shortLived, Parameters());

        _clock.Advance(TimeSpan.FromMinutes(2));
        await handler.ValidateTokenAsync(Token(_key, lifetime: TimeSpan.FromMinutes(10)), Parameters());
        await handler.ValidateTokenAsync(longLived, Parameters());

        inner.Calls.Should().Be(3, "the least recently used token was kept: the expired one made the room");
        cache.Count.Should().Be(2);
    }

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "learning-api",
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
        // The cache runs on the fake clock; the real handler's lifetime check follows it too.
        LifetimeValidator = (notBefore, expires, _, _) => _clock.GetUtcNow().UtcDateTime < expires,
    };

    private string Token(SecurityKey signingKey, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = "learning-api",
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("scope", "learning.app")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
        private int _calls;

        public int Calls => _calls;

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Interlocked.Increment(ref _calls);
            return _inner.ValidateTokenAsync(token, validationParameters);
        }
    }
}
