using System.Net;
using System.Net.Http.Json;

using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

/// <summary>The complete throttle is raised here: these tests are about races, not rate.</summary>
public sealed class UnthrottledApiFactory : LearningApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Throttling:Policies:complete:Limit", "1000")];
}

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class ConcurrencyTests(UnthrottledApiFactory api) : IClassFixture<UnthrottledApiFactory>
{
    private const int Parallel = 20;

    [Fact]
    public async Task Twenty_concurrent_starts_with_one_key_create_one_attempt_and_all_get_it()
    {
        var exam = await api.AddExamAsync(questions: 4);
        var client = (await api.NewLearnerAsync()).Client;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => StartUntilAnsweredAsync(client, exam.Id, "same-key")));

        outcomes.Select(o => o.AttemptId).Distinct().Should().ContainSingle("every caller gets the one attempt");
        outcomes.Count(o => !o.Replayed).Should().Be(1, "exactly one request did the work; the rest are replays");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task Twenty_concurrent_starts_with_different_keys_still_create_one_attempt()
    {
        var exam = await api.AddExamAsync(questions: 4);
        var client = (await api.NewLearnerAsync()).Client;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(i => StartUntilAnsweredAsync(client, exam.Id, $"key-{i}")));

        outcomes.Select(o => o.AttemptId).Distinct().Should().ContainSingle("a second start resumes the first attempt");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task Twenty_concurrent_completes_complete_once_and_write_one_result()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(_ => client.CompleteAsync(started.AttemptId, started.AttemptToken, "complete-once")));

        responses.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict);
        var oks = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        oks.Should().NotBeEmpty();
        oks.Count(r => !r.Headers.Contains("Idempotent-Replayed")).Should().Be(1, "one completion; the other 200s are replays");
        (await api.Database.CountAsync($"select count(*) from exam_results where attempt_id = '{started.AttemptId}'")).Should().Be(1);
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{started.AttemptId}' and status = 'Completed'")).Should().Be(1);
    }

    [Fact]
    public async Task Twenty_concurrent_completes_with_different_keys_complete_once()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel)
            .Select(i => client.CompleteAsync(started.AttemptId, started.AttemptToken, $"complete-{i}")));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Where(r => r.StatusCode != HttpStatusCode.OK).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Conflict);
        (await api.Database.CountAsync($"select count(*) from exam_results where attempt_id = '{started.AttemptId}'")).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_answers_to_different_questions_are_all_recorded()
    {
        var exam = await api.AddExamAsync(questions: 6);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);
        api.Clock.Advance(TimeSpan.FromMinutes(1));

        var responses = await Task.WhenAll(exam.Questions.Select(q =>
            client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 1_000)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        var recorded = await api.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'");
        recorded.Should().Be(responses.Count(r => r.StatusCode == HttpStatusCode.OK), "every 200 is a stored answer");
        (await api.Database.CountAsync($"select total_elapsed_ms from attempts where id = '{started.AttemptId}'"))
            .Should().Be(recorded * 1_000, "totals match the stored answers: nothing double-counted");
    }

    [Fact]
    public async Task Twenty_concurrent_copies_of_one_answer_record_it_once_and_count_it_once()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var question = exam.Questions[0];

        var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ =>
            client.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, question.Choices[0].Id, 1_000)));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        var bodies = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK)
            .Select(r => r.Content.ReadFromJsonAsync<AnswerBody>(ApiCalls.Json)));
        bodies.Count(b => !b!.Duplicate).Should().Be(1, "exactly one copy records the answer; the others meet it");
        bodies.Should().OnlyContain(b => b!.Answered == 1);
        (await api.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
        (await api.Database.CountAsync($"select answered_count from attempts where id = '{started.AttemptId}'")).Should().Be(1);
        (await api.Database.CountAsync($"select total_elapsed_ms from attempts where id = '{started.AttemptId}'")).Should().Be(1_000);
    }

    private sealed record AnswerBody(Guid QuestionId, bool Duplicate, int Answered, int Remaining);

    /// <summary>Like a phone: retries a 409 "in flight" after Retry-After, bounded in count.</summary>
    private static async Task<(Guid AttemptId, bool Replayed)> StartUntilAnsweredAsync(HttpClient client, Guid examId, string key)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await client.StartAsync(examId, key);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                var body = (await response.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!;
                return (body.AttemptId, response.Headers.Contains("Idempotent-Replayed"));
            }

            response.StatusCode.Should().Be(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
            await Task.Delay(20);
        }

        throw new TimeoutException("The start never settled.");
    }
}
