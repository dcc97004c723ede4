using System.Data.Common;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure.IntegrationTests.Ranking;

/// <summary>Failures in the middle of a ranking, and two rankings at once: nothing is ever written twice or half.</summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RankingFaultTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private static readonly PrizeTable Prizes = PrizeTable.Create(TieRule.ShareEqually,
        [new PrizeTier(1, 1, Prize.CoinsOf(300)), new PrizeTier(2, 2, Prize.CouponOf(Guid.NewGuid()))]);

    private async Task<Guid> ExamWithResultsAsync()
    {
        var exam = await fixture.AddEndedExamAsync(Prizes);
        var now = DateTimeOffset.UtcNow.AddHours(-2);
        await fixture.SeedAsync(exam.Id, [.. Enumerable.Range(0, 20).Select(i => new SeededResult(Guid.NewGuid(), i, 1_000 + i, now))]);
        return exam.Id;
    }

    private Task<long> CountAsync(string table, Guid examId) =>
        fixture.Database.CountAsync($"select count(*) from {table} where exam_id = '{examId}'");

    private async Task ShouldHaveWrittenNothingAsync(Guid examId)
    {
        (await CountAsync("standings", examId)).Should().Be(0);
        (await CountAsync("coin_ledger", examId)).Should().Be(0);
        (await CountAsync("rewards", examId)).Should().Be(0);
        var exam = await fixture.Services.ExamAsync(examId);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Closed);
        exam.Economics.Should().BeNull();
    }

    [Fact]
    public async Task A_connection_killed_mid_ranking_leaves_nothing_written_the_exam_closed_and_the_run_failed_and_a_rerun_succeeds()
    {
        var examId = await ExamWithResultsAsync();
        var killer = new StatementInterceptor("INSERT INTO coin_ledger", async (command, _) =>
        {
            // The standings are written (uncommitted) by now: kill the session from outside, as a failover would.
            await using var admin = new NpgsqlConnection(fixture.Database.ConnectionString);
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand($"select pg_terminate_backend({((NpgsqlConnection)command.Connection!).ProcessID})", admin);
            await kill.ExecuteScalarAsync();
        });
        await using (var faulty = fixture.Build(s => s.ConfigureDbContext<LearningDbContext>(o => o.AddInterceptors(killer))))
        {
            var run = await faulty.RankAsync(examId);

            killer.Fired.Should().BeTrue();
            run.Status.Should().Be(RankingRunStatus.Failed);
            run.Error.Should().NotBeNullOrEmpty();
        }

        await ShouldHaveWrittenNothingAsync(examId);
        var runs = await fixture.Services.QueryAsync(db => db.RankingRuns.AsNoTracking().Where(r => r.ExamId == examId).ToListAsync());
        runs.Should().ContainSingle().Which.Status.Should().Be(RankingRunStatus.Failed);

        var rerun = await fixture.Services.RankAsync(examId);

        rerun.Status.Should().Be(RankingRunStatus.Succeeded);
        (await CountAsync("standings", examId)).Should().Be(20);
        (await CountAsync("coin_ledger", examId)).Should().Be(1);
        (await CountAsync("rewards", examId)).Should().Be(1);
    }

    [Fact]
    public async Task A_run_whose_lock_is_lost_rolls_back_and_says_why()
    {
        var examId = await ExamWithResultsAsync();
        var redis = fixture.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var lockKey = fixture.RedisPrefix + RankExam.LockKey(examId);
        var thief = new StatementInterceptor("INSERT INTO coin_ledger", async (_, cancellationToken) =>
        {
            // Someone else takes the key (as after a Redis failover); the next renewal finds it gone.
            await redis.StringSetAsync(lockKey, "someone-else");
            // The run must notice and cancel this statement; it never would finish on its own.
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
        });
        await using (var faulty = fixture.Build(s =>
        {
            s.Configure<RankingOptions>(o => o.LockLease = TimeSpan.FromSeconds(3));
            s.ConfigureDbContext<LearningDbContext>(o => o.AddInterceptors(thief));
        }))
        {
            var run = await faulty.RankAsync(examId);

            thief.Fired.Should().BeTrue();
            run.Status.Should().Be(RankingRunStatus.Failed);
            run.Error.Should().Be("The ranking lock was lost; the run was rolled back.");
        }

        await ShouldHaveWrittenNothingAsync(examId);
        (await redis.StringGetAsync(lockKey)).ToString().Should().Be("someone-else", "a lost lock is not released: it is not ours");
    }

    [Fact]
    public async Task While_a_run_holds_the_lock_a_second_claim_gets_409_with_the_running_run_id()
    {
        var examId = await ExamWithResultsAsync();
        await using var scope = fixture.Services.CreateAsyncScope();
        var first = await scope.ServiceProvider.GetRequiredService<RankExam>().ClaimAsync(examId, RankingTrigger.Scheduled, null, CancellationToken.None);
        (await fixture.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase()
            .KeyExistsAsync(fixture.RedisPrefix + $"lock:ranking:{examId}")).Should().BeTrue();

        await using (var other = fixture.Services.CreateAsyncScope())
        {
            var act = () => other.ServiceProvider.GetRequiredService<RankExam>().ClaimAsync(examId, RankingTrigger.Manual, Guid.NewGuid(), CancellationToken.None);
            var refused = (await act.Should().ThrowAsync<DomainException>()).Which;
            refused.Code.Should().Be("ranking.already_running");
            refused.Extensions["runId"].Should().Be(first.RunId);
        }

        (await scope.ServiceProvider.GetRequiredService<RankExam>().ExecuteAsync(first, CancellationToken.None)).Status
            .Should().Be(RankingRunStatus.Succeeded);
        var again = () => fixture.Services.RankAsync(examId);
        (await again.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("ranking.already_ranked");
    }

    [Fact]
    public async Task With_the_redis_lock_bypassed_two_concurrent_claims_still_let_only_one_run_rank()
    {
        var examId = await ExamWithResultsAsync();
        await using var unlocked = fixture.Build(s => s.WithoutRedisLocks());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                return await unlocked.RankAsync(examId);
            }
            catch (DomainException)
            {
                return null;
            }
        }));

        var runs = await fixture.Services.QueryAsync(db => db.RankingRuns.AsNoTracking().Where(r => r.ExamId == examId).ToListAsync());
        outcomes.Count(r => r?.Status == RankingRunStatus.Succeeded).Should().Be(1, string.Join(" | ", runs.Select(r => $"{r.Status} {r.Error}")));
        (await CountAsync("standings", examId)).Should().Be(20);
        (await CountAsync("coin_ledger", examId)).Should().Be(1);
        // Without the lock a late claim takes the first run for abandoned and fails it; the exam's row version then
        // keeps the first run from committing. Either way one run ranks, once.
        (await fixture.Database.CountAsync($"select count(*) from ranking_runs where exam_id = '{examId}' and status = 'Succeeded'"))
            .Should().Be(1, "the exam's status change is the fence: " + string.Join(" | ", runs.Select(r => $"{r.Id} {r.Status} {r.Error}")) + " / " + string.Join(",", outcomes.Select(o => $"{o?.Id} {o?.Status}")));
    }

    [Fact]
    public async Task An_exam_left_ranking_by_a_dead_instance_is_failed_and_ranked_afresh_once_its_lock_is_gone()
    {
        var examId = await ExamWithResultsAsync();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var claim = await scope.ServiceProvider.GetRequiredService<RankExam>().ClaimAsync(examId, RankingTrigger.Scheduled, null, CancellationToken.None);
            await claim.DisposeAsync(); // the instance died: its lock expired and its run never finished
        }

        (await fixture.Services.ExamAsync(examId)).RankingStatus.Should().Be(ExamRankingStatus.Ranking);

        var run = await fixture.Services.RankAsync(examId);

        run.Status.Should().Be(RankingRunStatus.Succeeded);
        var runs = await fixture.Services.QueryAsync(db => db.RankingRuns.AsNoTracking().Where(r => r.ExamId == examId).OrderBy(r => r.StartedAt).ToListAsync());
        runs.Select(r => r.Status).Should().Equal(RankingRunStatus.Failed, RankingRunStatus.Succeeded);
        runs[0].Error.Should().StartWith("Abandoned");
    }

    [Fact]
    public async Task A_publish_rolled_back_mid_way_leaves_no_notification_and_no_outbox_row_and_can_be_done_again()
    {
        var examId = await ExamWithResultsAsync();
        (await fixture.Services.RankAsync(examId)).Status.Should().Be(RankingRunStatus.Succeeded);
        var killer = new StatementInterceptor("INSERT INTO notifications", async (command, _) =>
        {
            await using var admin = new NpgsqlConnection(fixture.Database.ConnectionString);
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand($"select pg_terminate_backend({((NpgsqlConnection)command.Connection!).ProcessID})", admin);
            await kill.ExecuteScalarAsync();
        });
        await using (var faulty = fixture.Build(s => s.ConfigureDbContext<LearningDbContext>(o => o.AddInterceptors(killer))))
        {
            await using var scope = faulty.CreateAsyncScope();
            var publish = () => scope.ServiceProvider.GetRequiredService<PublishRanking>().HandleAsync(examId, Guid.NewGuid(), CancellationToken.None);
            await publish.Should().ThrowAsync<Exception>();
            killer.Fired.Should().BeTrue();
        }

        (await fixture.Services.ExamAsync(examId)).RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        (await fixture.Database.CountAsync($"select count(*) from outbox_messages where dedupe_key like '%{examId}%'")).Should().Be(0);
        (await fixture.Database.CountAsync("select count(*) from notifications")).Should().Be(0);

        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<PublishRanking>().HandleAsync(examId, Guid.NewGuid(), CancellationToken.None))
                .Winners.Should().Be(2);
        }

        (await fixture.Database.CountAsync($"select count(*) from outbox_messages where dedupe_key like '%{examId}%'")).Should().Be(3);
    }

    /// <summary>Ranks the exam, then invalidates the winner's attempt (rank 1: 300 coins): the exam needs a rerun.</summary>
    private async Task<(Guid ExamId, Guid Winner, Guid Admin)> RankedWithAnInvalidatedWinnerAsync()
    {
        var examId = await ExamWithResultsAsync();
        (await fixture.Services.RankAsync(examId)).Status.Should().Be(RankingRunStatus.Succeeded);
        var winner = (await fixture.Services.StandingsAsync(examId))[0].LearnerId;
        var attemptId = await fixture.Services.QueryAsync(db => db.Attempts.Where(a => a.ExamId == examId && a.LearnerId == winner).Select(a => a.Id).SingleAsync());
        var admin = Guid.NewGuid();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<Application.Attempts.InvalidateAttempt>()
                .HandleAsync(attemptId, admin, "copied answers", CancellationToken.None)).RerankNeeded.Should().BeTrue();
        }

        return (examId, winner, admin);
    }

    private static async Task<RankingRun> RerunAsync(IServiceProvider services, Guid examId, Guid admin)
    {
        await using var scope = services.CreateAsyncScope();
        var rankExam = scope.ServiceProvider.GetRequiredService<RankExam>();
        var claim = await rankExam.ClaimAsync(examId, RankingTrigger.Rerun, admin, CancellationToken.None);
        return await rankExam.ExecuteAsync(claim, CancellationToken.None);
    }

    [Fact]
    public async Task A_rerun_killed_mid_way_keeps_the_previous_ranking_and_leaves_the_exam_ranked_with_the_flag()
    {
        var (examId, winner, admin) = await RankedWithAnInvalidatedWinnerAsync();
        var killer = new StatementInterceptor("INSERT INTO coin_ledger", async (command, _) =>
        {
            await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand($"select pg_terminate_backend({((NpgsqlConnection)command.Connection!).ProcessID})", connection);
            await kill.ExecuteScalarAsync();
        });
        await using (var faulty = fixture.Build(s => s.ConfigureDbContext<LearningDbContext>(o => o.AddInterceptors(killer))))
        {
            var failed = await RerunAsync(faulty, examId, admin);

            killer.Fired.Should().BeTrue();
            failed.Status.Should().Be(RankingRunStatus.Failed);
        }

        var exam = await fixture.Services.ExamAsync(examId);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        exam.RerankNeeded.Should().BeTrue("the previous ranking still counts the invalidated attempt");
        (await fixture.Services.StandingsAsync(examId)).Should().HaveCount(20).And.Contain(s => s.LearnerId == winner);
        (await fixture.Database.CountAsync($"select count(*) from coin_ledger where exam_id = '{examId}' and learner_id = '{winner}' and amount = 300")).Should().Be(1);

        (await RerunAsync(fixture.Services, examId, admin)).Status.Should().Be(RankingRunStatus.Succeeded);

        var standings = await fixture.Services.StandingsAsync(examId);
        standings.Should().HaveCount(19).And.NotContain(s => s.LearnerId == winner);
        (await fixture.Database.CountAsync($"select count(*) from coin_ledger where exam_id = '{examId}'")).Should().Be(1);
        (await fixture.Database.CountAsync($"select count(*) from coin_ledger where exam_id = '{examId}' and learner_id = '{standings[0].LearnerId}' and amount = 300"))
            .Should().Be(1, "the new winner is credited, once");
        (await fixture.Database.CountAsync($"select count(*) from rewards where exam_id = '{examId}' and learner_id = '{standings[1].LearnerId}' and status = 'Assigned'"))
            .Should().Be(1);
        (await CountAsync("rewards", examId)).Should().Be(1, "the coupon followed the second place");
        (await fixture.Services.ExamAsync(examId)).RerankNeeded.Should().BeFalse();
    }

    [Fact]
    public async Task A_rerun_left_ranking_by_a_dead_instance_goes_back_to_ranked_and_is_run_again_by_the_next_rerun()
    {
        var (examId, winner, admin) = await RankedWithAnInvalidatedWinnerAsync();
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var claim = await scope.ServiceProvider.GetRequiredService<RankExam>().ClaimAsync(examId, RankingTrigger.Rerun, admin, CancellationToken.None);
            await claim.DisposeAsync(); // the instance died: its lock expired and its run never finished
        }

        (await fixture.Services.ExamAsync(examId)).RankingStatus.Should().Be(ExamRankingStatus.Ranking);
        var scheduled = () => fixture.Services.RankAsync(examId);
        (await scheduled.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("ranking.already_ranked",
            "the nightly pass fails the abandoned rerun and leaves the RANKED exam to the admin");
        var exam = await fixture.Services.ExamAsync(examId);
        exam.RankingStatus.Should().Be(ExamRankingStatus.Ranked);
        exam.RerankNeeded.Should().BeTrue();

        (await RerunAsync(fixture.Services, examId, admin)).Status.Should().Be(RankingRunStatus.Succeeded);

        (await fixture.Services.StandingsAsync(examId)).Should().HaveCount(19).And.NotContain(s => s.LearnerId == winner);
        var runs = await fixture.Services.QueryAsync(db => db.RankingRuns.AsNoTracking().Where(r => r.ExamId == examId).OrderBy(r => r.StartedAt).ToListAsync());
        runs.Select(r => (r.Trigger, r.Status)).Should().Equal(
            (RankingTrigger.Scheduled, RankingRunStatus.Succeeded), (RankingTrigger.Rerun, RankingRunStatus.Failed), (RankingTrigger.Rerun, RankingRunStatus.Succeeded));
    }

    [Fact]
    public async Task Unknown_open_and_ranked_exams_cannot_be_claimed()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var rankExam = scope.ServiceProvider.GetRequiredService<RankExam>();
        var unknown = () => rankExam.ClaimAsync(Guid.NewGuid(), RankingTrigger.Scheduled, null, CancellationToken.None);
        (await unknown.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("exam.not_found");

        var open = await fixture.AddExamAsync();
        var early = () => rankExam.ClaimAsync(open.Id, RankingTrigger.Scheduled, null, CancellationToken.None);
        (await early.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("exam.still_open");
        (await fixture.Services.ExamAsync(open.Id)).RankingStatus.Should().Be(ExamRankingStatus.Open);
        (await CountAsync("ranking_runs", open.Id)).Should().Be(0);
    }
}

/// <summary>Runs <paramref name="action"/> once, just before the first statement containing <paramref name="marker"/>.</summary>
internal sealed class StatementInterceptor(string marker, Func<DbCommand, CancellationToken, Task> action) : DbCommandInterceptor
{
    public bool Fired { get; private set; }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (!Fired && command.CommandText.Contains(marker, StringComparison.Ordinal))
        {
            Fired = true;
            await action(command, cancellationToken);
        }

        return result;
    }
}
