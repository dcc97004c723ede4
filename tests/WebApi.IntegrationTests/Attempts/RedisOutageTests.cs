using System.Net;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

/// <summary>A WebApi on a redis-server of its own, so stopping it disturbs no other test.</summary>
public sealed class OwnRedisApiFactory : LearningApiFactory
{
    private readonly RedisServerProcess _redis = RedisServerProcess.StartNewAsync().GetAwaiter().GetResult();

    public RedisServerProcess Redis => _redis;

    protected override string RedisConfiguration => _redis.Configuration;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}

public class RedisOutageTests(OwnRedisApiFactory api) : IClassFixture<OwnRedisApiFactory>
{
    [Fact]
    public async Task With_Redis_down_starts_and_completes_fail_closed_with_503_and_write_nothing_then_work_again()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);
        var otherExam = await api.AddExamAsync(questions: 2);

        await api.Redis.StopAsync();
        try
        {
            var start = await client.StartAsync(otherExam.Id, "during-outage");
            await start.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");
            start.Headers.RetryAfter.Should().NotBeNull();
            var complete = await client.CompleteAsync(started.AttemptId, started.AttemptToken, "complete-during-outage");
            await complete.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");

            // Answers need no Redis: PostgreSQL is the truth and the answer itself is idempotent.
            var q = exam.Questions[0];
            (await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 100))
                .StatusCode.Should().Be(HttpStatusCode.OK);

            (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{otherExam.Id}'")).Should().Be(0);
            (await api.Database.CountAsync($"select count(*) from attempts where id = '{started.AttemptId}' and status = 'InProgress'")).Should().Be(1);
            (await api.Database.CountAsync("select count(*) from exam_results")).Should().Be(0);
        }
        finally
        {
            await api.Redis.StartAsync();
        }

        await RedisServerProcess.WaitUntilAsync(
            async () => (await client.StartAsync(otherExam.Id, "after-outage")).StatusCode == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30), "the WebApi to reconnect to Redis");
        (await client.CompleteAsync(started.AttemptId, started.AttemptToken, "complete-after-outage")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{otherExam.Id}'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from exam_results where attempt_id = '{started.AttemptId}'")).Should().Be(1);
    }
}
