using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace LearningPlatform.Hosting;

/// <summary>
/// Remembers successful bearer-token validations until the token's <c>exp</c>, keyed by the SHA-256 of the token, so
/// that a client sending the same token again is not checked again (an RS256 signature check per request was the
/// largest single cost of a cheap read). A token's signature, issuer and audience never change; what changes with time
/// is only its lifetime, which bounds the entry. Failures are never remembered. Bounded: when full, one request makes
/// room, dropping the expired entries and then the least recently used ones down to nine tenths of the bound, so the
/// next such sweep is a tenth of the bound of new tokens away (decisions 79, 137).
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock, int maxEntries = ValidatedTokenCache.DefaultMaxEntries)
{
    /// <summary>About 5 kB per entry (the parsed token and its claims): ~50 MB when full.</summary>
    public const int DefaultMaxEntries = 10_000;

    private readonly ConcurrentDictionary<(UInt128, UInt128), Entry> _entries = new();
    private int _sweeping;

    public int Count => _entries.Count;

    /// <summary>A copy of the remembered identity (callers may add to theirs), or null when the token must be validated.</summary>
    public TokenValidationResult? Find(string token)
    {
        var key = Key(token);
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow().UtcDateTime >= entry.Token.ValidTo)
        {
            _entries.TryRemove(key, out _);
            return null;
        }

        entry.LastUsed = clock.GetTimestamp();

        return new TokenValidationResult
        {
            IsValid = true,
            ClaimsIdentity = entry.Identity.Clone(),
            SecurityToken = entry.Token,
            Issuer = entry.Issuer,
            TokenType = entry.TokenType,
        };
    }

    /// <summary>Remembers a successful validation of <paramref name="token"/> (one with an expiry only).</summary>
    public void Add(string token, TokenValidationResult result)
    {
        if (!result.IsValid || result.ClaimsIdentity is null || result.SecurityToken is not { } securityToken ||
            securityToken.ValidTo == DateTime.MinValue || clock.GetUtcNow().UtcDateTime >= securityToken.ValidTo)
        {
            return;
        }

        if (_entries.Count >= maxEntries && !MakeRoom())
        {
            return;
        }

        _entries[Key(token)] = new Entry(result.ClaimsIdentity.Clone(), securityToken, result.Issuer, result.TokenType)
        {
            LastUsed = clock.GetTimestamp(),
        };
    }

    /// <summary>
    /// Drops the expired entries, then the least recently used ones until a tenth of the bound is free (one request at a
    /// time; the others meanwhile validate without remembering). True when there is room afterwards.
    /// </summary>
    private bool MakeRoom()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            try
            {
                var now = clock.GetUtcNow().UtcDateTime;
                // Pooled: a list of 10,000 would be a large-object allocation at every sweep of a token storm.
                var live = ArrayPool<(long LastUsed, (UInt128, UInt128) Key)>.Shared.Rent(maxEntries);
                try
                {
                    var count = 0;
                    foreach (var (key, entry) in _entries)
                    {
                        if (now >= entry.Token.ValidTo)
                        {
                            _entries.TryRemove(key, out _);
                        }
                        else if (count < live.Length)
                        {
                            live[count++] = (entry.LastUsed, key);
                        }
                    }

                    // Entries past the rented length (possible only when others were added meanwhile) are left alone.
                    var excess = count - (maxEntries - Math.Max(1, maxEntries / 10));
                    if (excess > 0)
                    {
                        live.AsSpan(0, count).Sort(static (a, b) => a.LastUsed.CompareTo(b.LastUsed));
                        foreach (var (_, key) in live.AsSpan(0, excess))
                        {
                            _entries.TryRemove(key, out _);
                        }
                    }
                }
                finally
                {
                    ArrayPool<(long LastUsed, (UInt128, UInt128) Key)>.Shared.Return(live);
                }
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }

        return _entries.Count < maxEntries;
    }

    private static (UInt128, UInt128) Key(string token)
    {
        var count = Encoding.UTF8.GetByteCount(token);
        Span<byte> bytes = count <= 4096 ? stackalloc byte[4096] : new byte[count];
        var length = Encoding.UTF8.GetBytes(token, bytes);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        return (MemoryMarshal.Read<UInt128>(hash), MemoryMarshal.Read<UInt128>(hash[16..]));
    }

    private sealed record Entry(System.Security.Claims.ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType)
    {
        /// <summary>When a request last found it (<see cref="TimeProvider.GetTimestamp"/>); a write lost to a race only reorders eviction.</summary>
        public long LastUsed { get; set; }
    }
}

/// <summary>The bearer handler's token handler with <see cref="ValidatedTokenCache"/> in front of it.</summary>
public sealed class CachingTokenHandler(TokenHandler inner, ValidatedTokenCache cache) : TokenHandler
{
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (cache.Find(token) is { } remembered)
        {
            return remembered;
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        cache.Add(token, result);
        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override Task<TokenValidationResult> ValidateTokenAsync(SecurityToken token, TokenValidationParameters validationParameters) =>
        inner.ValidateTokenAsync(token, validationParameters);
}
