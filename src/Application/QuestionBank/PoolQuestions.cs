using LearningPlatform.Application.Common;
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
