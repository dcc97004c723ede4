using System.Net;
using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Domain.Exams;
using LearningPlatform.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>
/// The leaderboard's writes refused (as a Redis Cluster refuses keys in two slots) while <see cref="Failing"/> is set;
/// reads still work.
/// </summary>
public sealed class FaultyLeaderboardCache(ILeaderboardCache inner) : ILeaderboardCache
{
    public volatile bool Failing;

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new RedisCommandException("Multi-key operations must involve a single slot (injected by the test)");
        }
    }

    public Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.RecordAsync(examId, learnerId, score, totalElapsedMs, cancellationToken);
    }

    public Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken) =>
        inner.PageAsync(examId, offset, limit, cancellationToken);

    public Task<LeaderboardWindow?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken) =>
        inner.AroundAsync(examId, learnerId, radius, cancellationToken);

    public Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.ReplaceAsync(examId, final, entries, cancellationToken);
    }

    public Task ForgetAsync(Guid examId, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.ForgetAsync(examId, cancellationToken);
    }

    public Task RememberNamesAsync(Guid examId, IReadOnlyCollection<Guid> learnerIds, IReadOnlyDictionary<Guid, string> found, CancellationToken cancellationToken) =>
        inner.RememberNamesAsync(examId, learnerIds, found, cancellationToken);

    public Task RenamedAsync(Guid learnerId, string? displayName, IReadOnlyCollection<Guid> examIds, CancellationToken cancellationToken) =>
        inner.RenamedAsync(learnerId, displayName, examIds, cancellationToken);
}

public sealed class FaultyLeaderboardApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ranking:Enabled", "false")];

    public FaultyLeaderboardCache Leaderboard => Services.GetRequiredService<FaultyLeaderboardCache>();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            var real = services.Single(d => d.ServiceType == typeof(ILeaderboardCache));
            services.Remove(real);
            services.AddSingleton(sp => new FaultyLeaderboardCache(
                real.ImplementationFactory?.Invoke(sp) as ILeaderboardCache
                ?? (ILeaderboardCache)ActivatorUtilities.CreateInstance(sp, real.ImplementationType!)));
            services.AddSingleton<ILeaderboardCache>(sp => sp.GetRequiredService<FaultyLeaderboardCache>());
        });
    }
}

/// <summary>Decision 6 and issue 9: work after the commit is best effort and never turns a committed success into an error.</summary>
public class LeaderboardFaultTests(FaultyLeaderboardApiFactory api) : IClassFixture<FaultyLeaderboardApiFactory>
{
    private const string Admin = "/api/learning/admin";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<(Learner Learner, StartedAttempt Attempt)> AnsweredAsync(Exam exam)
    {
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var question = exam.Questions.Single(q => q.Id == attempt.Questions[0].Id);
        (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, question.Choices.Single(c => c.IsCorrect).Id, 500))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        return (learner, attempt);
    }

    [Fact]
    public async Task A_refused_leaderboard_write_after_the_commit_keeps_the_success_its_replay_and_a_right_board()
    {
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var (first, firstAttempt) = await AnsweredAsync(exam);
        (await first.Client.CompleteAsync(firstAttempt.AttemptId, firstAttempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("total").GetInt64().Should().Be(1);

        // The completion commits, then its leaderboard write is refused: still 200, and the retry replays that 200.
        var (second, secondAttempt) = await AnsweredAsync(exam);
        var key = Guid.NewGuid().ToString();
        api.Leaderboard.Failing = true;
        var completed = await second.Client.CompleteAsync(secondAttempt.AttemptId, secondAttempt.AttemptToken, key);
        var body = await completed.Content.ReadAsStringAsync();
        completed.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var retried = await second.Client.CompleteAsync(secondAttempt.AttemptId, secondAttempt.AttemptToken, key);
        retried.StatusCode.Should().Be(HttpStatusCode.OK);
        retried.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retried.Content.ReadAsStringAsync()).Should().Be(body);

        // Redis takes writes again: the next read rebuilds the board that missed the completion.
        api.Leaderboard.Failing = false;
        (await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("total").GetInt64().Should().Be(2);

        // Publish commits, then the final board's write is refused: still 200; the next read builds the final board.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await JsonAsync(await admin.GetAsync($"{Admin}/rankings/runs?examId={exam.Id}"))).GetProperty("runs").EnumerateArray()
                .Any(r => r.GetProperty("status").GetString() == "SUCCEEDED"), TimeSpan.FromSeconds(30), "the ranking to finish");
        api.Leaderboard.Failing = true;
        var published = await JsonAsync(await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null));
        published.GetProperty("status").GetString().Should().Be("PUBLISHED");
        published.GetProperty("leaderboardWritten").GetBoolean().Should().BeFalse();

        api.Leaderboard.Failing = false;
        var final = await JsonAsync(await second.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        final.GetProperty("visibility").GetString().Should().Be("FINAL");
        final.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("learnerId").GetGuid()).Should().BeEquivalentTo([first.Id, second.Id]);
    }
}
