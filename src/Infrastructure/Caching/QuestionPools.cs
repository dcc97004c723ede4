using LearningPlatform.Application.Attempts;
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

    // Misses are loaded one at a time, so the first answers of an exam's start do not all query the pool
    // (a load is one indexed query per exam every few minutes, so one gate for all exams is enough).
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async Task<IReadOnlyDictionary<Guid, Question>> GetAsync(Guid examId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(examId), out IReadOnlyDictionary<Guid, Question>? pool))
        {
            return pool!;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGetValue(Key(examId), out pool))
            {
                return pool!;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
            var questions = await db.Questions.AsNoTracking().Include(q => q.Choices)
                .Where(q => q.ExamId == examId).ToListAsync(cancellationToken);
            pool = questions.ToDictionary(q => q.Id);
            cache.Set(Key(examId), pool, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
            return pool;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate(Guid examId) => cache.Remove(Key(examId));

    private static string Key(Guid examId) => $"questions:{examId}";
}
