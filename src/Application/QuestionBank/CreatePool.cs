using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;

namespace LearningPlatform.Application.QuestionBank;

public sealed class CreatePool(ILearningDb db, TimeProvider clock)
{
    public async Task<PoolDto> HandleAsync(PoolRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        if (request.CategoryId is { } categoryId)
        {
            await CreateQuestion.EnsureCategoryAsync(db, categoryId, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var pool = QuestionPool.Create(request.Name!, request.CategoryId, request.Tags, now);
        db.QuestionPools.Add(pool);
        db.Record(adminId, "created", AuditEntity.Pool, pool.Id, now, new { pool.Name, pool.CategoryId, pool.Tags });
        await db.SaveChangesAsync(cancellationToken);
        return await pool.ToDtoAsync(db, cancellationToken);
    }
}
