using System.Security.Cryptography;
using System.Text;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Domain.Rewards;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Infrastructure.Security;

public sealed class CouponOptions
{
    public const string Section = "Coupons";

    /// <summary>
    /// The key of the duplicate-detection hash (HMAC-SHA256), base64, at least 32 bytes. Must be the same on every
    /// instance and never change (or imported codes stop matching). A development key is used when empty.
    /// </summary>
    public string HashKey { get; set; } = string.Empty;
}

/// <summary>Coupon codes encrypted with Data Protection (purpose <c>coupons.v1</c>), hashed with a keyed HMAC.</summary>
internal sealed class CouponCodes : ICouponCodes
{
    private const string DevelopmentKey = "bGVhcm5pbmctcGxhdGZvcm0tZGV2LWNvdXBvbi1oYXNoLWtleS0wMQ==";
    private readonly IDataProtector _protector;
    private readonly byte[] _hashKey;

    public CouponCodes(IDataProtectionProvider provider, IOptions<CouponOptions> options, IHostEnvironment? environment = null)
    {
        _protector = provider.CreateProtector("coupons.v1");
        if (string.IsNullOrWhiteSpace(options.Value.HashKey) && environment is not null &&
            !environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            // The development key is in the repository: with it, a leaked table's hashes give short codes away.
            throw new InvalidOperationException("Coupons:HashKey must be set (base64, at least 32 bytes) outside Development.");
        }

        _hashKey = Convert.FromBase64String(string.IsNullOrWhiteSpace(options.Value.HashKey) ? DevelopmentKey : options.Value.HashKey);
        if (_hashKey.Length < 32)
        {
            throw new InvalidOperationException("Coupons:HashKey must be at least 32 bytes (base64).");
        }
    }

    public ProtectedCode Protect(string code) =>
        new(_protector.Protect(code), Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(code))), Coupon.Mask(code));

    public string Reveal(string ciphertext) => _protector.Unprotect(ciphertext);
}
