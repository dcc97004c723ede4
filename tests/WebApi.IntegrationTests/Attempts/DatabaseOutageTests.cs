using System.Net;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

/// <summary>The WebApi reaching the real PostgreSQL through a relay the test can cut.</summary>
public sealed class DatabaseOutageApiFactory : LearningApiFactory
{
    private TcpOutageProxy? _proxy;
    private string? _proxied;

    public TcpOutageProxy Proxy => _proxy ?? throw new InvalidOperationException("Not initialised.");

    protected override IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            if (_proxied is null)
            {
                (_proxy, _proxied) = TcpOutageProxy.ForPostgres(Database.ConnectionString);
            }

            return [new("ConnectionStrings:LearningDb", _proxied), new("Ranking:Enabled", "false"), new("Attempts:SweepInterval", "00:00:00")];
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }
}

/// <summary>Issue 9: PostgreSQL gone for a while answers 503 with Retry-After on every route, and loses or doubles nothing.</summary>
public class DatabaseOutageTests(DatabaseOutageApiFactory api) : IClassFixture<DatabaseOutageApiFactory>
{
    private static async Task ShouldBeUnavailableAsync(HttpResponseMessage response)
    {
        await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "dependency.unavailable");
        response.Headers.RetryAfter.Should().NotBeNull("a client must know when to retry");
    }

    [Fact]
    public async Task PostgreSQL_stopped_mid_exam_answers_503_with_Retry_After_and_nothing_is_lost_or_doubled_once_it_is_back()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var learner = await api.NewLearnerAsync();
        var other = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var (first, second) = (exam.Questions.Single(q => q.Id == attempt.Questions[0].Id), exam.Questions.Single(q => q.Id == attempt.Questions[1].Id));
        (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, first.Id, first.Choices[0].Id, 500)).StatusCode.Should().Be(HttpStatusCode.OK);
        var completeKey = Guid.NewGuid().ToString();
        var logged = api.Logs.Mark;

        api.Proxy.Cut();
        await ShouldBeUnavailableAsync(await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, second.Id, second.Choices[0].Id, 500));
        await ShouldBeUnavailableAsync(await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, completeKey));
        await ShouldBeUnavailableAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams"));
        await ShouldBeUnavailableAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        await ShouldBeUnavailableAsync(await other.Client.StartAsync(exam.Id, Guid.NewGuid().ToString()));
        await ShouldBeUnavailableAsync(await learner.Client.GetAsync($"{ApiCalls.App}/rewards"));
        (await api.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "readiness checks PostgreSQL");
        (await api.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK, "the process itself is fine");

        var duringOutage = api.Logs.Since(logged).Where(e => !e.Category.Contains("HealthCheck", StringComparison.Ordinal)).ToList();
        duringOutage.Should().NotContain(e => e.Level >= LogLevel.Error, "a dependency outage is not a bug");
        duringOutage.Should().NotContain(e => e.Text.Contains("   at "), "one line per refused request, no stack traces");
        duringOutage.Should().Contain(e => e.Level == LogLevel.Warning && e.Text.Contains("dependency.unavailable"));

        // Back: the same requests (the same Idempotency-Key: a 503 is never stored) go through, once.
        api.Proxy.Restore();
        await RedisServerProcess.WaitUntilAsync(async () => (await learner.Client.GetAsync($"{ApiCalls.App}/exams")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the WebApi to reach PostgreSQL again");
        (await api.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, second.Id, second.Choices[0].Id, 500)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, completeKey)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await other.Client.StartAsync(exam.Id, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created);

        (await api.Database.CountAsync($"SELECT count(*) FROM responses WHERE attempt_id = '{attempt.AttemptId}'")).Should().Be(2);
        (await api.Database.CountAsync($"SELECT count(*) FROM exam_results WHERE attempt_id = '{attempt.AttemptId}'")).Should().Be(1);
        (await api.Database.CountAsync($"SELECT count(*) FROM attempts WHERE exam_id = '{exam.Id}'")).Should().Be(2);
        (await api.WithDbAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.Id == attempt.AttemptId))).AnsweredCount.Should().Be(2);
    }
}
