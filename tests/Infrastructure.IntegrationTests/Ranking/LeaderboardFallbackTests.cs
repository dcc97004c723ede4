using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace LearningPlatform.Infrastructure.IntegrationTests.Ranking;

/// <summary>With Redis away, publishing still commits and every leaderboard read is answered from PostgreSQL.</summary>
public class LeaderboardFallbackTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private sealed class RedisDown : ILeaderboardCache
    {
        private static CacheUnavailableException Down() => new("Redis is down (test).", new TimeoutException());

        public Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken) => throw Down();

        public Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken) => throw Down();

        public Task<LeaderboardWindow?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken) =>
            throw Down();

        public Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken) => throw Down();

        public Task ForgetAsync(Guid examId, CancellationToken cancellationToken) => throw Down();

        public Task RememberNamesAsync(Guid examId, IReadOnlyCollection<Guid> learnerIds, IReadOnlyDictionary<Guid, string> found, CancellationToken cancellationToken) =>
            throw Down();

        public Task RenamedAsync(Guid learnerId, string? displayName, IReadOnlyCollection<Guid> examIds, CancellationToken cancellationToken) => throw Down();
    }

    [Fact]
    public async Task Publish_commits_and_pages_and_me_come_from_postgresql_live_and_final()
    {
        var exam = await fixture.AddEndedExamAsync(PrizeTable.Create(TieRule.EachFull, [new PrizeTier(1, 3, Prize.CoinsOf(10))]));
        var learners = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        await fixture.SeedAsync(exam.Id, [.. learners.Select((l, i) => new SeededResult(l, i % 10, 1_000 * (i % 4), at.AddSeconds(i)))]);
        await using (var connection = new NpgsqlConnection(fixture.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var named = new NpgsqlCommand(
                "INSERT INTO learners (id, display_name, name_source, updated_at) VALUES (@id, 'Named In Postgres', 'Token', now())", connection);
            named.Parameters.AddWithValue("id", learners[0]);
            (await named.ExecuteNonQueryAsync()).Should().Be(1);
        }

        await using var down = fixture.Build(s => s.Replace(ServiceDescriptor.Singleton<ILeaderboardCache, RedisDown>()));

        async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> call)
        {
            await using var scope = down.CreateAsyncScope();
            return await call(scope.ServiceProvider);
        }

        var live = await WithAsync(sp => sp.GetRequiredService<GetLeaderboardPage>().HandleAsync(exam.Id, 0, 100, CancellationToken.None));
        live.Final.Should().BeFalse();
        live.Total.Should().Be(30);
        live.Entries.Select(e => e.Score).Should().BeInDescendingOrder();
        live.Entries.Where(e => e.DisplayName is not null).Select(e => (e.LearnerId, e.DisplayName)).Should()
            .Equal([(learners[0], "Named In Postgres")], "with Redis away the names come from PostgreSQL too");

        (await down.RankAsync(exam.Id)).Status.Should().Be(RankingRunStatus.Succeeded);
        var published = await WithAsync(sp => sp.GetRequiredService<PublishRanking>().HandleAsync(exam.Id, Guid.NewGuid(), CancellationToken.None));
        published.LeaderboardWritten.Should().BeFalse();
        (await fixture.Services.ExamAsync(exam.Id)).RankingStatus.Should().Be(ExamRankingStatus.Published);

        var standings = await fixture.Services.StandingsAsync(exam.Id);
        live.Entries.Select(e => (e.Rank, e.LearnerId)).Should().Equal(standings.Select(s => (s.Rank, s.LearnerId)),
            "the live ranking computed by the same rules as the final one");
        var page = await WithAsync(sp => sp.GetRequiredService<GetLeaderboardPage>().HandleAsync(exam.Id, 10, 5, CancellationToken.None));
        page.Final.Should().BeTrue();
        page.Total.Should().Be(30);
        page.Entries.Should().Equal(standings.Skip(10).Take(5).Select(s => new LeaderboardEntry(s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs)));

        var someone = standings[20];
        var me = await WithAsync(sp => sp.GetRequiredService<GetMyLeaderboardLine>().HandleAsync(exam.Id, someone.LearnerId, CancellationToken.None));
        me.Me!.Position.Should().Be(21);
        me.Neighbours.Select(n => n.Position).Should().Equal(16L, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26);
    }
}
