using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>Changes a pool's rule; exams already scheduled keep what they drew.</summary>
public sealed class UpdatePool(ILearningDb db, TimeProvider clock)
{
    public async Task<PoolDto> HandleAsync(Guid poolId, PoolRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var pool = await db.QuestionPools.SingleOrDefaultAsync(p => p.Id == poolId, cancellationToken) ?? throw QuestionBankErrors.PoolNotFound();
        if (request.CategoryId is { } categoryId)
        {
            await CreateQuestion.EnsureCategoryAsync(db, categoryId, cancellationToken);
        }

        var now = clock.GetUtcNow();
        pool.Define(request.Name!, request.CategoryId, request.Tags, now);
        db.Record(adminId, "updated", AuditEntity.Pool, pool.Id, now, new { pool.Name, pool.CategoryId, pool.Tags });
        await db.SaveChangesAsync(cancellationToken);
        return await pool.ToDtoAsync(db, cancellationToken);
    }
}
