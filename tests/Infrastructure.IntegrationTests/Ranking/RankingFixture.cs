using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.IntegrationTests.Ranking;

internal static class RankingTestSupport
{
    /// <summary>An exam whose window ended an hour ago (still OPEN: the claim closes it), with the given terms.</summary>
    public static async Task<Exam> AddEndedExamAsync(
        this InfrastructureFixture fixture, PrizeTable prizes, int maxAttempts = 1, long entryFee = 0, int rakeBasisPoints = 0, long guaranteedPool = 0)
    {
        var now = DateTimeOffset.UtcNow;
        var exam = Exam.Create("Ranked exam", now.AddHours(-3), now.AddHours(-1), TimeSpan.FromMinutes(10), now.AddHours(-4), maxAttempts);
        exam.AddQuestion("Q", 10, [("yes", true), ("no", false)]);
        exam.SetTerms(prizes, entryFee, rakeBasisPoints, guaranteedPool);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Exams.Add(exam);
        await db.SaveChangesAsync();
        return exam;
    }

    /// <summary>Claims and runs a ranking the way the scheduler does, in a scope of its own.</summary>
    public static async Task<RankingRun> RankAsync(this IServiceProvider services, Guid examId)
    {
        await using var scope = services.CreateAsyncScope();
        var rankExam = scope.ServiceProvider.GetRequiredService<RankExam>();
        var claim = await rankExam.ClaimAsync(examId, RankingTrigger.Scheduled, null, CancellationToken.None);
        return await rankExam.ExecuteAsync(claim, CancellationToken.None);
    }

    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<LearningDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LearningDbContext>());
    }

    public static Task<List<Standing>> StandingsAsync(this IServiceProvider services, Guid examId) =>
        services.QueryAsync(db => db.Standings.AsNoTracking().Where(s => s.ExamId == examId).OrderBy(s => s.Position).ToListAsync());

    public static Task<Exam> ExamAsync(this IServiceProvider services, Guid examId) =>
        services.QueryAsync(db => db.Exams.AsNoTracking().SingleAsync(e => e.Id == examId));

    public static Task SeedAsync(this InfrastructureFixture fixture, Guid examId, IReadOnlyList<SeededResult> results) =>
        ResultSeed.InsertAsync(fixture.Database.ConnectionString, examId, results);
}
