using System.ComponentModel;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.Caching;

/// <summary>
/// Question pools in this instance's memory for a few minutes, through HybridCache: one load per exam at a time
/// (per-key stampede protection: the first answers after a start wait for one query instead of all running it), while
/// other exams' loads go on. The entries are untracked domain entities, so they stay in memory (L1) only and are never
/// serialized to Redis; questions do not change while an exam is open (decision 20).
/// </summary>
internal sealed class QuestionPools(HybridCache cache, IServiceScopeFactory scopes) : IQuestionPools
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly HybridCacheEntryOptions InMemoryOnly = new()
    {
        Expiration = Lifetime,
        LocalCacheExpiration = Lifetime,
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public async Task<IReadOnlyDictionary<Guid, Question>> GetAsync(Guid examId, CancellationToken cancellationToken) =>
        (await cache.GetOrCreateAsync(Key(examId), (scopes, examId), static async (state, token) =>
        {
            await using var scope = state.scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
            var questions = await db.Questions.AsNoTracking().Include(q => q.Choices)
                .Where(q => q.ExamId == state.examId).ToListAsync(token);
            return new Pool(questions.ToDictionary(q => q.Id));
        }, InMemoryOnly, cancellationToken: cancellationToken)).Questions;

    public ValueTask InvalidateAsync(Guid examId, CancellationToken cancellationToken) => cache.RemoveAsync(Key(examId), cancellationToken);

    private static string Key(Guid examId) => $"questions:{examId}";

    /// <summary>Shared read-only by every request, so HybridCache keeps the instance instead of copying it.</summary>
    [ImmutableObject(true)]
    private sealed record Pool(IReadOnlyDictionary<Guid, Question> Questions);
}
