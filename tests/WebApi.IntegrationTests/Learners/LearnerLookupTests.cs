using System.Net;
using System.Text.Json;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Domain.Wallets;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests.Learners;

/// <summary>The admin's learner lookup: find a learner by name or id, then see what the learning service knows of them.</summary>
public class LearnerLookupTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private const string Admin = "/api/learning/admin";

    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    private static async Task<JsonElement> OkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync($"{Admin}{path}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task A_learner_is_found_by_any_part_of_their_name_in_any_case_and_by_their_id()
    {
        var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var learner = await api.NewLearnerAsync($"Quokka {tag} Smith");
        (await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id)).AttemptId.Should().NotBeEmpty("the start stores the token's name");
        var other = await api.NewLearnerAsync($"Wombat {tag}");
        await other.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);

        var byName = (await OkAsync(admin, $"/learners?search=QUOKKA%20{tag}")).GetProperty("learners").EnumerateArray().ToList();
        byName.Should().ContainSingle().Which.GetProperty("learnerId").GetGuid().Should().Be(learner.Id);
        byName[0].GetProperty("displayName").GetString().Should().Be($"Quokka {tag} Smith");
        (await OkAsync(admin, $"/learners?search={tag}")).GetProperty("learners").EnumerateArray()
            .Select(l => l.GetProperty("displayName").GetString()).Should().Equal($"Quokka {tag} Smith", $"Wombat {tag}");
        (await OkAsync(admin, $"/learners?search={tag}&offset=1&limit=1")).GetProperty("learners").EnumerateArray()
            .Select(l => l.GetProperty("learnerId").GetGuid()).Should().Equal(other.Id);
        (await OkAsync(admin, $"/learners?search={learner.Id}")).GetProperty("learners").EnumerateArray()
            .Select(l => l.GetProperty("learnerId").GetGuid()).Should().Equal(learner.Id);
        (await OkAsync(admin, "/learners?search=%25%25")).GetProperty("learners").GetArrayLength().Should().Be(0, "% is matched literally, not as a wildcard");

        await (await admin.GetAsync($"{Admin}/learners?search=q")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        await (await admin.GetAsync($"{Admin}/learners")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        (await learner.Client.GetAsync($"{Admin}/learners?search={tag}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_learners_page_shows_their_attempts_rewards_subscription_and_wallet()
    {
        var admin = await AdminAsync();
        var learner = await api.NewLearnerAsync();
        var exam = await api.AddExamAsync(questions: 2, maxAttempts: 2);
        var first = await learner.Client.StartOkAsync(exam.Id);
        (await learner.Client.AnswerAsync(first.AttemptId, first.AttemptToken, first.Questions[0].Id, first.Questions[0].Choices[0].Id, 1000))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await learner.Client.CompleteAsync(first.AttemptId, first.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await learner.Client.StartOkAsync(exam.Id);

        var ranked = await api.AddRankedExamAsync();
        var reward = Reward.Assign(learner.Id, ranked.Id, Guid.NewGuid(), api.Clock.GetUtcNow());
        await api.WithDbAsync(async db =>
        {
            db.Rewards.Add(reward);
            var wallet = Wallet.Open(learner.Id, api.Clock.GetUtcNow());
            db.Wallets.Add(wallet);
            db.CoinLedger.Add(wallet.Credit(750, CoinEntryReason.ExamPrize, ranked.Id, api.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        });
        await api.GrantSubscriptionAsync(learner.Id);

        var page = await OkAsync(admin, $"/learners/{learner.Id}");

        page.GetProperty("displayName").GetString().Should().Be(learner.DisplayName);
        page.GetProperty("totalAttempts").GetInt64().Should().Be(2);
        var attempts = page.GetProperty("recentAttempts").EnumerateArray().ToList();
        attempts.Select(a => a.GetProperty("id").GetGuid()).Should().Equal(second.AttemptId, first.AttemptId);
        attempts[0].GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        attempts[1].GetProperty("status").GetString().Should().Be("COMPLETED");
        attempts[1].GetProperty("examTitle").GetString().Should().Be("Test exam");
        attempts[1].GetProperty("answeredCount").GetInt32().Should().Be(1);
        attempts[1].GetProperty("finishedAt").ValueKind.Should().Be(JsonValueKind.String);
        attempts[1].GetProperty("flaggedForReview").GetBoolean().Should().BeFalse();
        page.GetProperty("rewards").EnumerateArray().Single().GetProperty("id").GetGuid().Should().Be(reward.Id);
        page.GetProperty("entitled").GetBoolean().Should().BeTrue();
        var subscription = page.GetProperty("subscriptions").EnumerateArray().Single();
        subscription.GetProperty("status").GetString().Should().Be("ACTIVE");
        subscription.GetProperty("planCode").GetString().Should().NotBeNullOrEmpty();
        subscription.GetProperty("recentChanges").EnumerateArray().Single().GetProperty("to").GetString().Should().Be("ACTIVE");
        page.GetProperty("wallet").GetProperty("balance").GetInt64().Should().Be(750);
        page.GetProperty("wallet").GetProperty("recentEntries").EnumerateArray().Single().GetProperty("reason").GetString().Should().Be("EXAM_PRIZE");

        var older = (await OkAsync(admin, $"/learners/{learner.Id}/attempts?offset=1&limit=1")).GetProperty("attempts").EnumerateArray().ToList();
        older.Select(a => a.GetProperty("id").GetGuid()).Should().Equal(first.AttemptId);
    }

    [Fact]
    public async Task An_id_the_learning_service_knows_nothing_of_is_404_and_a_learner_cannot_open_anyones_page()
    {
        var admin = await AdminAsync();
        await (await admin.GetAsync($"{Admin}/learners/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "learner.not_found");

        var learner = await api.NewLearnerAsync();
        await (await learner.Client.GetAsync($"{Admin}/learners/{learner.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }
}
