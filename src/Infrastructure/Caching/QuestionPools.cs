using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.Caching;

/// <summary>
/// Question pools in process memory for a few minutes (the entries are immutable, untracked entities).
/// One load per exam per instance at a time; editing questions (admin API) must call <see cref="Invalidate"/>.
/// </summary>
internal sealed class QuestionPools(IMemoryCache cache, IServiceScopeFactory scopes) : IQuestionPools
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyDictionary<Guid, Question>> GetAsync(Guid examId, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(examId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.Size = 1;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
            var questions = await db.Questions.AsNoTracking().Include(q => q.Choices)
                .Where(q => q.ExamId == examId).ToListAsync(cancellationToken);
            return (IReadOnlyDictionary<Guid, Question>)questions.ToDictionary(q => q.Id);
        }))!;

    public void Invalidate(Guid examId) => cache.Remove(Key(examId));

    private static string Key(Guid examId) => $"questions:{examId}";
}
