namespace LearningPlatform.Domain.Rewards;

public enum CouponStatus
{
    Available,
    Reserved,
}

/// <summary>
/// One coupon of a campaign's stock. The code is stored encrypted (<see cref="CodeCiphertext"/>), with a keyed hash to
/// find duplicates and a masked form for admins; the clear code is never on this type.
/// </summary>
public sealed class Coupon
{
    private Coupon()
    {
        CodeCiphertext = string.Empty;
        CodeHash = string.Empty;
        Masked = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid CampaignId { get; private set; }
    public string CodeCiphertext { get; private set; }
    public string CodeHash { get; private set; }
    public string Masked { get; private set; }
    public CouponStatus Status { get; private set; }
    public Guid? RewardId { get; private set; }
    public DateTimeOffset ImportedAt { get; private set; }
    public uint Version { get; private set; }

    public static Coupon Import(Guid campaignId, string ciphertext, string hash, string masked, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CampaignId = campaignId,
        CodeCiphertext = ciphertext,
        CodeHash = hash,
        Masked = masked,
        Status = CouponStatus.Available,
        ImportedAt = now,
    };

    public void ReserveFor(Guid rewardId)
    {
        Status = CouponStatus.Reserved;
        RewardId = rewardId;
    }

    public void Release()
    {
        Status = CouponStatus.Available;
        RewardId = null;
    }

    /// <summary>The last four characters, the rest starred: what an admin list shows.</summary>
    public static string Mask(string code) => code.Length <= 4 ? new string('*', code.Length) : new string('*', code.Length - 4) + code[^4..];
}
