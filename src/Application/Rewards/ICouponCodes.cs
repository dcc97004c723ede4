namespace LearningPlatform.Application.Rewards;

/// <summary>
/// Coupon codes at rest: encrypted with ASP.NET Core Data Protection (keys shared by every instance), a keyed hash to
/// find duplicates without decrypting, and a masked form for admins.
/// </summary>
public interface ICouponCodes
{
    ProtectedCode Protect(string code);

    string Reveal(string ciphertext);
}

public sealed record ProtectedCode(string Ciphertext, string Hash, string Masked);
