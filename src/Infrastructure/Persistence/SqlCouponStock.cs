using LearningPlatform.Application.Common;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

internal sealed class SqlCouponStock(LearningDbContext db) : ICouponStock
{
    public Task<Coupon?> TakeAvailableAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A coupon is taken inside the claim's transaction.");
        }

        // Two claims of one campaign never take the same coupon: each skips the rows the other has locked.
        return db.Coupons
            .FromSql($"""
                SELECT c.*, c.xmin FROM coupons c
                WHERE campaign_id = {campaignId} AND status = 'Available'
                ORDER BY imported_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            .SingleOrDefaultAsync(cancellationToken);
    }
}
