using System.Net;
using System.Net.Http.Json;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;

using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Attempts;

[Trait("Category", "Redis")] // also run on a Redis Cluster (scripts/test.sh)
public class ExamFlowTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    [Fact]
    public async Task Start_answer_all_complete_gives_a_pending_result_and_the_rows_to_match()
    {
        var exam = await api.AddExamAsync(questions: 5);
        var (client, learner) = await api.NewLearnerAsync();

        var startResponse = await client.StartAsync(exam.Id, "flow-start-1");
        startResponse.StatusCode.Should().Be(HttpStatusCode.Created);
        var raw = await startResponse.Content.ReadAsStringAsync();
        raw.Should().NotContainEquivalentOf("correct", "the correct choice never leaves the server before publishing");
        var started = (await startResponse.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!;
        started.Resumed.Should().BeFalse();
        started.Questions.Should().HaveCount(5);
        started.Questions.Select(q => q.Number).Should().Equal(1, 2, 3, 4, 5);

        var storedOrder = await api.WithDbAsync(db => db.Attempts.Where(a => a.Id == started.AttemptId)
            .Select(a => a.QuestionOrder).SingleAsync());
        started.Questions.Select(q => q.Id).Should().Equal(storedOrder, "questions come in the attempt's own order");

        var expectedScore = 0;
        for (var i = 0; i < started.Questions.Count; i++)
        {
            var question = exam.Questions.Single(q => q.Id == started.Questions[i].Id);
            var pickCorrect = i % 2 == 0;
            var choice = question.Choices.First(c => c.IsCorrect == pickCorrect);
            expectedScore += pickCorrect ? question.Points : 0;
            api.Clock.Advance(TimeSpan.FromSeconds(3));
            var answer = await client.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, choice.Id, 2_000);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
            var body = (await answer.Content.ReadFromJsonAsync<AnswerBody>(ApiCalls.Json))!;
            body.Answered.Should().Be(i + 1);
            body.Remaining.Should().Be(4 - i);
        }

        var complete = await client.CompleteAsync(started.AttemptId, started.AttemptToken, "flow-complete-1");
        complete.StatusCode.Should().Be(HttpStatusCode.OK, await complete.Content.ReadAsStringAsync());
        var completed = (await complete.Content.ReadFromJsonAsync<CompleteBody>(ApiCalls.Json))!;
        completed.Status.Should().Be("PENDING");
        completed.Answered.Should().Be(5);
        completed.TotalQuestions.Should().Be(5);

        var result = await client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result");
        result.StatusCode.Should().Be(HttpStatusCode.OK);
        var resultBody = (await result.Content.ReadFromJsonAsync<ResultBody>(ApiCalls.Json))!;
        resultBody.Should().BeEquivalentTo(new { Status = "PENDING", AttemptId = started.AttemptId, Answered = 5, TotalQuestions = 5 });
        (await result.Content.ReadAsStringAsync()).Should().NotContain("score", "the score waits for publishing");

        var attempt = await api.WithDbAsync(db => db.Attempts.Include(a => a.Responses).Include(a => a.Result)
            .AsNoTracking().SingleAsync(a => a.Id == started.AttemptId));
        attempt.Status.Should().Be(AttemptStatus.Completed);
        attempt.LearnerId.Should().Be(learner);
        attempt.Score.Should().Be(expectedScore);
        attempt.TotalElapsedMs.Should().Be(10_000);
        attempt.Responses.Should().HaveCount(5);
        attempt.TokenHash.Should().NotBe(started.AttemptToken).And.HaveLength(64, "only the token's SHA-256 is stored");
        attempt.Result.Should().NotBeNull();
        attempt.Result!.Score.Should().Be(expectedScore);
        attempt.Result.TotalElapsedMs.Should().Be(10_000);
    }

    [Fact]
    public async Task Questions_can_be_streamed_again_in_the_same_order_while_in_progress()
    {
        var exam = await api.AddExamAsync(questions: 8);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);

        var request = new HttpRequestMessage(HttpMethod.Get, $"{ApiCalls.App}/attempts/{started.AttemptId}/questions");
        request.Headers.Add("X-Attempt-Token", started.AttemptToken);
        var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var questions = (await response.Content.ReadFromJsonAsync<List<QuestionView>>(ApiCalls.Json))!;
        questions.Select(q => q.Id).Should().Equal(started.Questions.Select(q => q.Id));
        questions.Should().AllSatisfy(q => q.Choices.Should().HaveCount(3));
        questions.SelectMany(q => q.Choices.Select(c => c.Id)).Should()
            .Equal(started.Questions.SelectMany(q => q.Choices.Select(c => c.Id)), "a re-read shows the same screen");
    }

    [Fact]
    public async Task Choices_are_shuffled_per_attempt_so_the_authoring_order_gives_nothing_away()
    {
        // Authored with the correct choice first in every question.
        var exam = await api.AddExamAsync(questions: 12);
        var first = await (await api.NewLearnerAsync()).Client.StartOkAsync(exam.Id);
        var second = await (await api.NewLearnerAsync()).Client.StartOkAsync(exam.Id);

        int CorrectIndex(QuestionView q) =>
            q.Choices.FindIndex(c => c.Id == exam.Questions.Single(eq => eq.Id == q.Id).Choices.Single(x => x.IsCorrect).Id);

        first.Questions.Select(CorrectIndex).Distinct().Should().HaveCountGreaterThan(1, "the correct choice is not always in one place");
        var firstOrder = first.Questions.OrderBy(q => q.Id).SelectMany(q => q.Choices.Select(c => c.Id));
        var secondOrder = second.Questions.OrderBy(q => q.Id).SelectMany(q => q.Choices.Select(c => c.Id));
        firstOrder.Should().NotEqual(secondOrder, "two attempts see different choice orders");
    }

    [Fact]
    public async Task Starting_again_resumes_the_same_attempt_with_a_new_token_and_the_old_token_stops_working()
    {
        var exam = await api.AddExamAsync(questions: 6);
        var client = (await api.NewLearnerAsync()).Client;
        var first = await client.StartOkAsync(exam.Id);

        var againResponse = await client.StartAsync(exam.Id, "resume-other-key");
        againResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var again = (await againResponse.Content.ReadFromJsonAsync<StartedAttempt>(ApiCalls.Json))!;

        again.Resumed.Should().BeTrue();
        again.AttemptId.Should().Be(first.AttemptId);
        again.Questions.Select(q => q.Id).Should().Equal(first.Questions.Select(q => q.Id));
        again.AttemptToken.Should().NotBe(first.AttemptToken);
        var q = exam.Questions[0];
        (await client.AnswerAsync(first.AttemptId, first.AttemptToken, q.Id, q.Choices[0].Id, 10))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.AnswerAsync(again.AttemptId, again.AttemptToken, q.Id, q.Choices[0].Id, 10))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task Same_answer_twice_is_accepted_once()
    {
        var exam = await api.AddExamAsync(questions: 2);
        var client = (await api.NewLearnerAsync()).Client;
        var started = await client.StartOkAsync(exam.Id);
        var q = exam.Questions[0];

        var first = await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 1_000);
        var second = await client.AnswerAsync(started.AttemptId, started.AttemptToken, q.Id, q.Choices[0].Id, 1_000);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<AnswerBody>(ApiCalls.Json))!.Duplicate.Should().BeTrue();
        (await api.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
        (await api.Database.CountAsync($"select total_elapsed_ms from attempts where id = '{started.AttemptId}'")).Should().Be(1_000);
    }

    [Fact]
    public async Task Swagger_documents_the_routes_the_bearer_scheme_and_the_idempotency_key()
    {
        var swagger = await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        swagger.Should().Contain("/api/learning/app/exams/{examId}/attempts")
            .And.Contain("/api/learning/app/attempts/{attemptId}/responses")
            .And.Contain("/api/learning/app/attempts/{attemptId}/complete")
            .And.Contain("/api/learning/app/exams/{examId}/result")
            .And.Contain("Idempotency-Key")
            .And.Contain("24 hours")
            .And.Contain("\"bearer\"")
            .And.Contain("\"409\"")
            .And.Contain("\"422\"");
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_token()
    {
        var client = api.CreateClient();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private sealed record AnswerBody(Guid QuestionId, bool Duplicate, int Answered, int Remaining);

    private sealed record CompleteBody(Guid AttemptId, string Status, int Answered, int TotalQuestions);

    private sealed record ResultBody(Guid ExamId, Guid AttemptId, string Status, int Answered, int TotalQuestions);
}
