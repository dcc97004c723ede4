using System.Net;

using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

/// <summary>Bad input gets a clear ProblemDetails error and changes nothing.</summary>
[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class RefusalTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private async Task<(HttpClient Client, StartedAttempt Started, Domain.Exams.Exam Exam)> StartedAsync(int questions = 3, TimeSpan? duration = null)
    {
        var exam = await api.AddExamAsync(questions, duration);
        var client = (await api.NewLearnerAsync()).Client;
        return (client, await client.StartOkAsync(exam.Id), exam);
    }

    private async Task<string> SnapshotAsync(Guid attemptId) =>
        $"{await api.Database.CountAsync($"select count(*) from responses where attempt_id = '{attemptId}'")}/" +
        $"{await api.Database.CountAsync($"select total_elapsed_ms from attempts where id = '{attemptId}'")}/" +
        $"{await api.Database.CountAsync($"select score from attempts where id = '{attemptId}'")}";

    [Fact]
    public async Task Another_learners_attempt_is_not_found_on_every_route()
    {
        var (_, started, exam) = await StartedAsync();
        var stranger = (await api.NewLearnerAsync()).Client;
        var q = exam.Questions[0];

        await (await stranger.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 10))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "attempt.not_found");
        await (await stranger.CompleteAsync(started.AttemptId, started.AttemptToken, "k1"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "attempt.not_found");
        var questions = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/attempts/{started.AttemptId}/questions");
        questions.Headers.Add("X-Attempt-Token", started.AttemptToken);
        await (await stranger.SendAsync(questions)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "attempt.not_found");
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Fact]
    public async Task Wrong_or_missing_attempt_token_is_refused_without_revealing_the_attempt()
    {
        var (client, started, exam) = await StartedAsync();
        var q = exam.Questions[0];

        var wrong = await client.AnswerAsync(started.AttemptId, "not-the-token", q.Id, q.Choices[0].Id, 10);
        await wrong.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "attempt.token_invalid");
        var body = await wrong.Content.ReadAsStringAsync();
        body.Should().NotContain(started.AttemptId.ToString()).And.NotContain(q.Id.ToString());
        await (await client.AnswerAsync(started.AttemptId, null, q.Id, q.Choices[0].Id, 10))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "attempt.token_invalid");
        await (await client.CompleteAsync(started.AttemptId, "nope", "k2"))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "attempt.token_invalid");
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{started.AttemptId}' and status = 'InProgress'")).Should().Be(1);
    }

    [Fact]
    public async Task Answer_after_expiry_is_refused_and_the_attempt_is_saved_as_expired()
    {
        var (client, started, exam) = await StartedAsync(duration: TimeSpan.FromMinutes(5));
        var q = exam.Questions[0];
        (await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 1_000)).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await SnapshotAsync(started.AttemptId);

        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var q2 = exam.Questions[1];
        await (await client.AnswerAsync(started.AttemptId, started.AttemptToken, q2.Id, q2.Choices[0].Id, 1_000))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.expired");
        await (await client.CompleteAsync(started.AttemptId, started.AttemptToken, "late"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.expired");

        (await SnapshotAsync(started.AttemptId)).Should().Be(before);
        (await api.Database.CountAsync($"select count(*) from attempts where id = '{started.AttemptId}' and status = 'Expired'")).Should().Be(1);
        (await api.Database.CountAsync($"select answered from exam_results where attempt_id = '{started.AttemptId}'"))
            .Should().Be(1, "an expired attempt's answers count");
    }

    [Fact]
    public async Task Question_not_in_the_attempt_is_refused()
    {
        var (client, started, _) = await StartedAsync();
        var other = await api.AddExamAsync(questions: 1);
        var foreign = other.Questions[0];

        await (await client.AnswerAsync(started.AttemptId, started.AttemptToken, foreign.Id, foreign.Choices[0].Id, 10))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "attempt.question_not_in_attempt");
        await (await client.AnswerAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid(), Guid.NewGuid(), 10))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "attempt.question_not_in_attempt");
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Fact]
    public async Task Choice_of_another_question_is_refused()
    {
        var (client, started, exam) = await StartedAsync();
        await (await client.AnswerAsync(started.AttemptId, started.AttemptToken, exam.Questions[0].Id, exam.Questions[1].Choices[0].Id, 10))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "attempt.choice_not_in_question");
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Fact]
    public async Task Changed_answer_is_refused_and_the_first_stays()
    {
        var (client, started, exam) = await StartedAsync();
        var q = exam.Questions[0];
        var wrong = q.Choices.First(c => !c.IsCorrect);
        var right = q.Choices.Single(c => c.IsCorrect);
        (await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, wrong.Id, 500)).StatusCode.Should().Be(HttpStatusCode.OK);

        await (await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, right.Id, 500))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.answer_changed");

        (await SnapshotAsync(started.AttemptId)).Should().Be("1/500/0");
    }

    [Theory]
    [InlineData(-1, "validation.failed")]
    [InlineData(86_400_001, "validation.failed")]
    [InlineData(600_001, "attempt.elapsed_out_of_range")]
    public async Task ElapsedMs_out_of_range_is_refused(long elapsedMs, string code)
    {
        var (client, started, exam) = await StartedAsync(duration: TimeSpan.FromMinutes(10));
        var q = exam.Questions[0];

        var response = await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, elapsedMs);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, code);
        if (code == "validation.failed")
        {
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"elapsedMs\"", "field errors name the field");
        }

        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Theory]
    [InlineData("{\"questionId\": ")]
    [InlineData("not json")]
    [InlineData("{\"questionId\": \"not-a-guid\", \"choiceId\": \"x\", \"elapsedMs\": 1}")]
    [InlineData("{\"questionId\": \"00000000-0000-0000-0000-000000000000\", \"choiceId\": \"00000000-0000-0000-0000-000000000000\", \"elapsedMs\": 99999999999999999999}")]
    public async Task Malformed_json_is_refused(string json)
    {
        var (client, started, _) = await StartedAsync();
        var response = await client.AnswerRawAsync(started.AttemptId, started.AttemptToken, json);
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Fact]
    public async Task Empty_ids_are_field_errors()
    {
        var (client, started, _) = await StartedAsync();
        var response = await client.AnswerRawAsync(started.AttemptId, started.AttemptToken, "{\"elapsedMs\": 5}");
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("\"questionId\"").And.Contain("\"choiceId\"");
    }

    [Fact]
    public async Task Oversized_body_is_refused()
    {
        var (client, started, _) = await StartedAsync();
        var padding = new string('x', 70 * 1024);
        var response = await client.AnswerRawAsync(started.AttemptId, started.AttemptToken, $"{{\"pad\": \"{padding}\"}}");
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await SnapshotAsync(started.AttemptId)).Should().Be("0/0/0");
    }

    [Fact]
    public async Task Unknown_exam_is_not_found_and_creates_nothing()
    {
        var client = (await api.NewLearnerAsync()).Client;
        var unknown = Guid.NewGuid();
        await (await client.StartAsync(unknown, "unknown-exam")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        await (await client.GetAsync($"{ApiCalls.App}/exams/{unknown}/result")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{unknown}'")).Should().Be(0);
    }

    [Fact]
    public async Task Closed_exam_and_used_up_attempts_are_refused()
    {
        var now = api.Clock.GetUtcNow();
        var closed = await api.AddExamAsync(opensAt: now.AddHours(-3), closesAt: now.AddHours(-1));
        var client = (await api.NewLearnerAsync()).Client;
        await (await client.StartAsync(closed.Id, "closed")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_open");

        var once = await api.AddExamAsync(maxAttempts: 1);
        var started = await client.StartOkAsync(once.Id);
        (await client.CompleteAsync(started.AttemptId, started.AttemptToken, "done")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await client.StartAsync(once.Id, "second")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "attempt.no_attempts_left");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id in ('{closed.Id}', '{once.Id}')")).Should().Be(1);
    }

    [Fact]
    public async Task Premium_exam_without_subscription_is_forbidden()
    {
        var premium = await api.AddExamAsync(premium: true);
        var client = (await api.NewLearnerAsync()).Client;
        await (await client.StartAsync(premium.Id, "premium")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "subscription.required");
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{premium.Id}'")).Should().Be(0);
    }

    [Fact]
    public async Task Result_before_any_attempt_is_not_found()
    {
        var exam = await api.AddExamAsync();
        await (await (await api.NewLearnerAsync()).Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "result.not_found");
    }
}
