using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>What a pool draws from: the current versions of the READY questions of its category carrying all of its tags.</summary>
public static class PoolQuestions
{
    public static IQueryable<QuestionVersion> Matching(ILearningDb db, Guid? categoryId, string[] tags) =>
        from q in db.BankQuestions.AsNoTracking()
        join v in db.QuestionVersions.AsNoTracking() on new { q.Id, Number = q.CurrentVersion } equals new { Id = v.QuestionId, v.Number }
        where q.Status == QuestionStatus.Ready
            && (categoryId == null || q.CategoryId == categoryId)
            && tags.All(t => v.Tags.Contains(t))
        select v;

    internal static async Task<PoolDto> ToDtoAsync(this QuestionPool pool, ILearningDb db, CancellationToken cancellationToken) =>
        new(pool.Id, pool.Name, pool.CategoryId, pool.Tags, await Matching(db, pool.CategoryId, pool.Tags).CountAsync(cancellationToken),
            pool.UpdatedAt);
}

public sealed class ListPools(ILearningDb db)
{
    public async Task<IReadOnlyList<PoolDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        var pools = await db.QuestionPools.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
        var dtos = new List<PoolDto>(pools.Count);
        foreach (var pool in pools)
        {
            // One count per pool: a page has at most 100, and each count is an index lookup on the bank.
            dtos.Add(await pool.ToDtoAsync(db, cancellationToken));
        }

        return dtos;
    }
}

public sealed class GetPool(ILearningDb db)
{
    public async Task<PoolDto> HandleAsync(Guid poolId, CancellationToken cancellationToken) =>
        await (await db.QuestionPools.AsNoTracking().SingleOrDefaultAsync(p => p.Id == poolId, cancellationToken)
            ?? throw QuestionBankErrors.PoolNotFound()).ToDtoAsync(db, cancellationToken);
}

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
