using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.EndToEndTests;

/// <summary>An admin writes an exam from nothing, a learner takes it, it is ranked and published: all through the gateway.</summary>
public class AuthoringJourneyTests(PushPlatform platform) : IClassFixture<PushPlatform>
{
    [Fact]
    public async Task Import_questions_make_a_pool_and_an_exam_schedule_it_take_it_rank_and_publish_it_through_the_gateway()
    {
        var api = platform.Api;
        var identity = await SharedIdentity.GetAsync();
        var admin = platform.Gateway.Client((await identity.AdminAsync()).AccessToken);
        var learner = platform.Gateway.Client((await identity.NewLearnerAsync()).AccessToken);
        var category = $"E2E {Guid.NewGuid():N}";
        var gift = $$"""
            $CATEGORY: {{category}}

            // tags: e2e
            ::Rivers:: Which river flows through Cairo? {=Nile ~Amazon ~Danube ####Cairo lies on the Nile delta.}

            // points: 20
            // tags: e2e
            ::Planets:: Which planet is closest to the Sun? {=Mercury ~Venus ~Mars}

            // tags: e2e
            ::Boiling:: Water boils at 100 degrees Celsius at sea level. {T}
            """;

        var imported = await admin.PostAsync($"{AdminCalls.Admin}/questions/import/gift", new StringContent(gift, Encoding.UTF8, "text/plain"));
        (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32().Should().Be(3);
        var categoryId = (await admin.SendOkAsync(HttpMethod.Get, "/categories?limit=100")).GetProperty("categories").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == category).GetProperty("id").GetGuid();
        var pool = await admin.SendOkAsync(HttpMethod.Post, "/pools", new { name = "E2E pool", categoryId, tags = new[] { "e2e" } }, HttpStatusCode.Created);
        pool.GetProperty("readyQuestions").GetInt32().Should().Be(3);

        var now = api.Clock.GetUtcNow();
        var body = AdminCalls.ExamBody(now, TimeSpan.FromMinutes(1), [new { poolId = pool.GetProperty("id").GetGuid(), count = 3 }]);
        body["guaranteedPool"] = 500;
        body["prizes"] = new[] { new { fromRank = 1, toRank = 1, coins = 500 } };
        var examId = (await admin.SendOkAsync(HttpMethod.Post, "/exams", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/schedule")).GetProperty("status").GetString().Should().Be("SCHEDULED");
        var preview = await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/preview");
        var rightChoice = preview.GetProperty("questions").EnumerateArray().ToDictionary(
            q => q.GetProperty("stem").GetString()!,
            q => q.GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("correct").GetBoolean()).GetProperty("text").GetString());

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var started = await learner.StartOkAsync(examId);
        started.Questions.Select(q => q.Text).Should().BeEquivalentTo(rightChoice.Keys);
        foreach (var question in started.Questions)
        {
            var choice = question.Choices.Single(c => c.Text == rightChoice[question.Text]);
            (await learner.AnswerAsync(started.AttemptId, started.AttemptToken, question.Id, choice.Id, 800)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await learner.CompleteAsync(started.AttemptId, started.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        var pending = await learner.GetFromJsonAsync<JsonElement>($"{ApiCalls.App}/exams/{examId}/result");
        pending.GetProperty("status").GetString().Should().Be("PENDING");
        pending.TryGetProperty("answers", out _).Should().BeFalse("no right answer leaves the server before publishing");
        api.Clock.Advance(TimeSpan.FromHours(2));
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{examId}/run", null)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await api.DriveUntilAsync(async () => (await admin.GetStringAsync($"{AdminCalls.Admin}/rankings/runs?examId={examId}")).Contains("SUCCEEDED"), "the ranking");
        (await admin.PostAsync($"{AdminCalls.Admin}/rankings/{examId}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var result = await learner.GetFromJsonAsync<JsonElement>($"{ApiCalls.App}/exams/{examId}/result");
        result.GetProperty("status").GetString().Should().Be("PUBLISHED");
        result.GetProperty("rank").GetInt32().Should().Be(1);
        result.GetProperty("score").GetInt32().Should().Be(22, "1 + 20 + 1 points");
        result.GetProperty("prize").GetProperty("coins").GetInt64().Should().Be(500);
        var review = result.GetProperty("answers").EnumerateArray().ToList();
        review.Should().HaveCount(3).And.OnlyContain(a => a.GetProperty("correct").GetBoolean());
        review.Select(a => a.GetProperty("explanation").ValueKind == JsonValueKind.String ? a.GetProperty("explanation").GetString() : null)
            .Should().Contain("Cairo lies on the Nile delta.", "explanations are shown once the results are published");
        var log = await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=EXAM&id={examId}");
        log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("scheduled", "created");
    }
}
