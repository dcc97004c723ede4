using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.WebApi.IntegrationTests.Ranking;

/// <summary>
/// Contest secrecy (nothing tells a right answer from a wrong one before the window closes) and practice feedback.
/// </summary>
public class ExamModeTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private const string Admin = "/api/learning/admin";

    /// <summary>What a learner's own identity and timing make different in otherwise equal answers.</summary>
    private static readonly string[] PersonalFields = ["attemptId", "learnerId", "finishedAt", "traceId", "attemptToken", "expiresAt"];

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>The body without the fields that only say who asked and when.</summary>
    private static string Impersonal(JsonNode node)
    {
        void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var field in PersonalFields)
                    {
                        o.Remove(field);
                    }

                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Strip(child);
                    }

                    break;
            }
        }

        var copy = node.DeepClone();
        Strip(copy);
        return copy.ToJsonString();
    }

    /// <summary>Starts, answers only the first question of the exam's order with <paramref name="choice"/> and completes.</summary>
    private async Task<(Learner Learner, List<JsonNode> Seen)> AnswerOneAsync(Exam exam, Func<Question, Guid> choice)
    {
        var learner = await api.NewLearnerAsync();
        var started = await learner.Client.StartOkAsync(exam.Id);
        var question = exam.Questions.Single(q => q.Id == started.Questions[0].Id);
        var seen = new List<JsonNode>
        {
            await JsonAsync(await learner.Client.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, choice(question), 1_000)),
            await JsonAsync(await learner.Client.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString())),
        };
        return (learner, seen);
    }

    private static async Task<List<JsonNode>> EverythingVisibleAsync(Learner learner, Guid examId) =>
    [
        await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{examId}")),
        await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{examId}/me")),
        await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams/{examId}/result")),
        await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams/{examId}")),
    ];

    [Fact]
    public async Task Two_learners_answering_one_question_differently_cannot_tell_which_was_right_before_the_close()
    {
        var exam = await api.AddExamAsync(questions: 1, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var (right, rightSeen) = await AnswerOneAsync(exam, q => q.Choices.Single(c => c.IsCorrect).Id);
        var (wrong, wrongSeen) = await AnswerOneAsync(exam, q => q.Choices.First(c => !c.IsCorrect).Id);

        rightSeen.AddRange(await EverythingVisibleAsync(right, exam.Id));
        wrongSeen.AddRange(await EverythingVisibleAsync(wrong, exam.Id));

        rightSeen.Select(Impersonal).Should().Equal(wrongSeen.Select(Impersonal), "every answer must read the same for both");
        var board = rightSeen[2];
        board["visibility"]!.GetValue<string>().Should().Be("COUNT_ONLY");
        board["total"]!.GetValue<long>().Should().Be(2, "how many completed is all a contest's board shows while it is open");
        board["entries"]!.AsArray().Should().BeEmpty();
        rightSeen[3]["me"].Should().BeNull();
        string.Join("\n", rightSeen.Select(n => n.ToJsonString())).Should().NotContain("\"score\"").And.NotContain("\"correct");

        // Closed: the provisional board shows the scores; published: the final one.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var provisional = await JsonAsync(await wrong.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        provisional["visibility"]!.GetValue<string>().Should().Be("PROVISIONAL");
        provisional["entries"]!.AsArray().Select(e => (e!["learnerId"]!.GetValue<Guid>(), e["score"]!.GetValue<int>()))
            .Should().Equal((right.Id, 10), (wrong.Id, 0));
        var mine = await JsonAsync(await wrong.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        mine["me"]!["position"]!.GetValue<long>().Should().Be(2);

        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var rankExam = scope.ServiceProvider.GetRequiredService<RankExam>();
            var claim = await rankExam.ClaimAsync(exam.Id, RankingTrigger.Scheduled, null, CancellationToken.None);
            (await rankExam.ExecuteAsync(claim, CancellationToken.None)).Status.Should().Be(RankingRunStatus.Succeeded);
        }

        (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var final = await JsonAsync(await right.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        final["visibility"]!.GetValue<string>().Should().Be("FINAL");
        final["entries"]!.AsArray().Select(e => e!["score"]!.GetValue<int>()).Should().Equal(10, 0);
    }

    [Fact]
    public async Task A_practice_exam_gives_feedback_at_completion_and_is_never_ranked_or_on_a_board()
    {
        var exam = await api.AddExamAsync(questions: 3, closesAt: api.Clock.GetUtcNow().AddMinutes(30), mode: ExamMode.Practice);
        var learner = await api.NewLearnerAsync();
        var started = await learner.Client.StartOkAsync(exam.Id);
        var first = exam.Questions.Single(q => q.Id == started.Questions[0].Id);
        var second = exam.Questions.Single(q => q.Id == started.Questions[1].Id);
        var third = exam.Questions.Single(q => q.Id == started.Questions[2].Id);
        var wrongChoice = second.Choices.First(c => !c.IsCorrect).Id;
        await JsonAsync(await learner.Client.AnswerAsync(started.AttemptId, started.AttemptToken, first.Id, first.Choices.Single(c => c.IsCorrect).Id, 1_000));
        await JsonAsync(await learner.Client.AnswerAsync(started.AttemptId, started.AttemptToken, second.Id, wrongChoice, 1_000));

        var completed = await JsonAsync(await learner.Client.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString()));

        completed["status"]!.GetValue<string>().Should().Be("COMPLETED");
        completed["score"]!.GetValue<int>().Should().Be(10);
        completed["maxScore"]!.GetValue<int>().Should().Be(30);
        completed["answers"]!.AsArray().Select(a => (
                a!["questionId"]!.GetValue<Guid>(), a["choiceId"]?.GetValue<Guid>(), a["correct"]!.GetValue<bool>(), a["correctChoiceId"]!.GetValue<Guid>()))
            .Should().Equal(
                (first.Id, first.Choices.Single(c => c.IsCorrect).Id, true, first.Choices.Single(c => c.IsCorrect).Id),
                (second.Id, wrongChoice, false, second.Choices.Single(c => c.IsCorrect).Id),
                (third.Id, (Guid?)null, false, third.Choices.Single(c => c.IsCorrect).Id));

        var result = await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        result["status"]!.GetValue<string>().Should().Be("PRACTICE");
        result["score"]!.GetValue<int>().Should().Be(10);
        var listed = await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}"));
        listed["mode"]!.GetValue<string>().Should().Be("PRACTICE");
        listed["nextRankingAt"].Should().BeNull();
        await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "leaderboard.not_found");
        await (await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "leaderboard.not_found");

        // After its window: the nightly job leaves it open, and an admin cannot rank it.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CloseEndedExams>().HandleAsync(CancellationToken.None);
        }

        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        await (await admin.PostAsync($"{Admin}/rankings/{exam.Id}/run", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.practice_not_ranked");
        (await api.WithDbAsync(db => db.Exams.AsNoTracking().Where(e => e.Id == exam.Id).Select(e => e.RankingStatus).SingleAsync()))
            .Should().Be(ExamRankingStatus.Open);
        (await api.WithDbAsync(db => db.RankingRuns.CountAsync(r => r.ExamId == exam.Id))).Should().Be(0);
    }
}
