using System.Net;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>A ranking that never finishes by itself: it waits until its run is cancelled (the instance stops).</summary>
internal sealed class BlockingRanker(TaskCompletionSource entered) : IExamRanker
{
    public async Task<RankingWritten> WriteAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        entered.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    public Task<IReadOnlyList<PrizeCredit>> ClearAsync(Exam exam, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task TakeBackAsync(IReadOnlyList<PrizeCredit> credits, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<RewardsSettled> SettleRewardsAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> WriteWinnerNoticesAsync(Exam exam, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>
/// Stopping an instance (what SIGTERM does: the host's StopAsync) while it works: readiness answers 503 first, then its
/// background work ends cleanly — the ranking in progress is rolled back and recorded FAILED with its lock released,
/// and the outbox messages it had claimed but not sent are handed back at once.
/// </summary>
public class ShutdownTests(NoDispatcherPushApiFactory api) : IClassFixture<NoDispatcherPushApiFactory>
{
    [Fact]
    public async Task Stopping_an_instance_fails_its_ranking_run_cleanly_and_hands_back_its_outbox_claims()
    {
        // Work for the outbox: slow pushes, so the stopping instance still holds claims.
        var learner = await api.NewLearnerAsync();
        var device = $"fcm:{Guid.NewGuid():N}{Guid.NewGuid():N}";
        (await learner.Client.PutAsync($"{ApiCalls.App}/devices", JsonContent(new { token = device, platform = "android" })))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        // 60 × 300 ms: far more than a stop takes, even on a loaded machine (the other instances send none of them).
        api.Fcm.AnswerFor(device, FakeFcm.FakeFcmResponse.Ok().After(TimeSpan.FromMilliseconds(300)));
        for (var i = 0; i < 60; i++)
        {
            var notice = Notification.For(learner.Id, "reward.status_changed", "Reward approved", "On its way.", "learning://rewards/x", api.Clock.GetUtcNow());
            await api.WithDbAsync(async db =>
            {
                db.Notifications.Add(notice);
                db.Outbox.Add(OutboxMessage.ToLearner(notice, """{"title":"Reward approved","body":"On its way."}""", $"test:{notice.Id}"));
                return await db.SaveChangesAsync();
            });
        }

        // An exam to rank, ranked by an instance whose ranking blocks until the instance stops.
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(1));
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stopping = api.AnotherInstance(
            services => services.Replace(ServiceDescriptor.Scoped<IExamRanker>(_ => new BlockingRanker(entered))),
            [.. api.Fcm.Configuration().Select(kv => KeyValuePair.Create(kv.Key, kv.Value!)), new("Ranking:Enabled", "false"),
                new("Outbox:PollInterval", "00:00:01"), new("Outbox:BatchSize", "10"), new("Shutdown:DrainDelay", "00:00:00.500")]);
        var admin = stopping.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await api.Identity.AdminAsync()).AccessToken);
        var triggered = await admin.PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null);
        triggered.StatusCode.Should().Be(HttpStatusCode.Accepted, await triggered.Content.ReadAsStringAsync());
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await RedisServerProcess.WaitUntilAsync(() => Task.FromResult(api.Fcm.Requests.Count(r => r.Token == device) >= 2),
            TimeSpan.FromSeconds(30), "the first pushes");

        var host = stopping.Services.GetRequiredService<IHost>();
        var stop = host.StopAsync(TimeSpan.FromSeconds(30));
        (await admin.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "not ready from the first moment of the stop");
        (await admin.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "alive: it still serves while draining");
        await stop;

        var run = await api.WithDbAsync(db => db.RankingRuns.AsNoTracking().SingleAsync(r => r.ExamId == exam.Id));
        run.Status.Should().Be(RankingRunStatus.Failed);
        run.Error.Should().Be("The instance stopped; the run was rolled back.");
        (await api.WithDbAsync(db => db.Exams.AsNoTracking().SingleAsync(e => e.Id == exam.Id))).RankingStatus
            .Should().Be(ExamRankingStatus.Closed, "a rolled-back run leaves the exam to be ranked again");
        var redis = (await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis)).GetDatabase();
        (await redis.KeyExistsAsync($"{api.RedisPrefix}{RankExam.LockKey(exam.Id)}")).Should().BeFalse("the ranking lock was released");

        var now = api.Clock.GetUtcNow();
        (await api.Database.CountAsync(
                $"select count(*) from outbox_messages where learner_id = '{learner.Id}' and status = 'Pending' and available_at > '{now:O}'"))
            .Should().Be(0, "claims not worked on are handed back, due at once for another instance");
        (await api.Database.CountAsync($"select count(*) from outbox_messages where learner_id = '{learner.Id}' and status = 'Pending'"))
            .Should().BeGreaterThan(0, "the stop came while there was still work (else this test proves nothing)");
    }

    private static StringContent JsonContent(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
