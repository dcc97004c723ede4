using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>Deletes a pool; a draft exam that still draws from it fails to schedule, naming the item.</summary>
public sealed class DeletePool(ILearningDb db, TimeProvider clock)
{
    public async Task HandleAsync(Guid poolId, Guid adminId, CancellationToken cancellationToken)
    {
        var pool = await db.QuestionPools.SingleOrDefaultAsync(p => p.Id == poolId, cancellationToken) ?? throw QuestionBankErrors.PoolNotFound();
        db.QuestionPools.Remove(pool);
        db.Record(adminId, "deleted", AuditEntity.Pool, poolId, clock.GetUtcNow(), new { pool.Name });
        await db.SaveChangesAsync(cancellationToken);
    }
}
