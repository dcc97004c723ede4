using System.Net;
using System.Net.Http.Json;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.EndToEndTests;

/// <summary>
/// Two LearningService instances (one database, one Redis, one clock) behind two gateways on loopback, each gateway
/// balancing over both: what the suite's concurrency tests show for one instance holds across instances.
/// </summary>
public class TwoInstanceConcurrencyTests : IAsyncLifetime
{
    private readonly KestrelLearningApi _first = new();
    private LoopbackLearningApiInstance _second = null!;
    private GatewayFactory _gatewayA = null!;
    private GatewayFactory _gatewayB = null!;
    private IdentityHostFactory _identity = null!;

    public async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await _first.InitializeAsync();
        _second = _first.AnotherInstanceOnLoopback(_ => { });
        var prefix = TestEnvironment.UniqueName("lp:two") + ":";
        _gatewayA = new GatewayFactory(_identity, _first.KestrelAddress!, TestEnvironment.Redis, prefix, appLimit: 10_000, tokenLimit: 100,
            secondLearningApi: _second.KestrelAddress);
        _gatewayB = new GatewayFactory(_identity, _second.KestrelAddress, TestEnvironment.Redis, prefix, appLimit: 10_000, tokenLimit: 100,
            secondLearningApi: _first.KestrelAddress!);
    }

    public async Task DisposeAsync()
    {
        await _gatewayA.DisposeAsync();
        await _gatewayB.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_starts_completes_and_ranking_triggers_across_two_instances_count_once()
    {
        var exam = await _first.AddExamAsync(questions: 1, closesAt: _first.Clock.GetUtcNow().AddMinutes(5));
        var token = (await _identity.NewLearnerAsync()).AccessToken;
        var clients = new[] { _gatewayA.Client(token), _gatewayB.Client(token) };

        // Eight starts at once, four through each gateway (each spreading over both instances).
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => clients[i % 2].StartAsync(exam.Id, Guid.NewGuid().ToString())));
        starts.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict,
            "a start racing another is refused (409) or resumes the one attempt");
        var started = new List<StartedAttempt>();
        foreach (var response in starts.Where(r => r.IsSuccessStatusCode))
        {
            started.Add((await response.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!);
        }

        started.Select(s => s.AttemptId).Distinct().Should().ContainSingle("one learner, one exam, one attempt");
        (await _first.WithDbAsync(db => db.Attempts.CountAsync(a => a.ExamId == exam.Id))).Should().Be(1);

        // Six completes with one Idempotency-Key: one completion, the others replays (or 409 while it runs). Every resume
        // rotates the attempt token (decision 5), and the racing starts may have resumed in any order: one more resume,
        // alone, gives the token in force.
        var attempt = await clients[0].StartOkAsync(exam.Id);
        attempt.AttemptId.Should().Be(started[0].AttemptId, "a start after the race resumes the one attempt");
        var key = Guid.NewGuid().ToString();
        var completes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => clients[i % 2].CompleteAsync(attempt.AttemptId, attempt.AttemptToken, key)));
        completes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        completes.Should().Contain(r => r.StatusCode == HttpStatusCode.OK);
        var bodies = await Task.WhenAll(completes.Where(r => r.IsSuccessStatusCode).Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Should().ContainSingle("a replay answers what the first completion answered");
        (await _first.WithDbAsync(db => db.Attempts.SingleAsync(a => a.Id == attempt.AttemptId))).Status.Should().Be(AttemptStatus.Completed);

        // Four ranking triggers at once through both gateways: one run.
        _first.Clock.Advance(TimeSpan.FromMinutes(6));
        var adminToken = (await _identity.AdminAsync()).AccessToken;
        var admins = new[] { _gatewayA.Client(adminToken), _gatewayB.Client(adminToken) };
        var triggers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => admins[i % 2].PostAsync($"{AdminCalls.Admin}/rankings/{exam.Id}/run", null)));
        triggers.Count(r => r.StatusCode == HttpStatusCode.Accepted).Should().Be(1, "one trigger claims the exam");
        triggers.Where(r => r.StatusCode != HttpStatusCode.Accepted).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        await RedisServerProcess.WaitUntilAsync(async () =>
            (await admins[0].GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={exam.Id}")).Contains("SUCCEEDED"),
            TimeSpan.FromSeconds(60), "the ranking run");
        (await _first.WithDbAsync(db => db.RankingRuns.CountAsync(r => r.ExamId == exam.Id))).Should().Be(1, "one run, on one instance");
        (await _first.WithDbAsync(db => db.Standings.CountAsync(s => s.ExamId == exam.Id))).Should().Be(1);
    }
}
