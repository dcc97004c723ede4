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

    /// <summary>AVAILABLE → RESERVED for one reward; a coupon is never reserved twice.</summary>
    public void ReserveFor(Guid rewardId)
    {
        Move(CouponStatus.Available, CouponStatus.Reserved);
        RewardId = rewardId;
    }

    /// <summary>RESERVED → AVAILABLE (its reward was rejected or cancelled).</summary>
    public void Release()
    {
        Move(CouponStatus.Reserved, CouponStatus.Available);
        RewardId = null;
    }

    /// <summary>
    /// What an admin list shows: at most the last four characters and never more than a quarter of the code, the rest
    /// starred, so a leaked table does not give short codes away.
    /// </summary>
    private void Move(CouponStatus from, CouponStatus to)
    {
        if (Status != from)
        {
            throw RewardErrors.CouponInvalidTransition(Status, to);
        }

        Status = to;
    }

    public static string Mask(string code)
    {
        var shown = Math.Min(4, code.Length / 4);
        return new string('*', code.Length - shown) + code[(code.Length - shown)..];
    }
}
