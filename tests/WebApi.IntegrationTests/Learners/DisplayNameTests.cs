using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Learners;
using Learner = LearningPlatform.TestSupport.Learner;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LearningPlatform.WebApi.IntegrationTests.Learners;

/// <summary>Display names: from the token at an attempt start, from the profile, and on the boards and the final screen.</summary>
public class DisplayNameTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private const string Profile = $"{ApiCalls.App}/profile";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> PutNameAsync(HttpClient client, string? displayName) =>
        client.PutAsJsonAsync(Profile, new { displayName });

    private Task<Domain.Learners.Learner?> StoredAsync(Guid learnerId) =>
        api.WithDbAsync(db => db.Learners.AsNoTracking().SingleOrDefaultAsync(l => l.Id == learnerId));

    /// <summary>Starts, answers <paramref name="right"/> questions correctly (half a second each) and completes.</summary>
    private static async Task TakeAsync(Learner learner, Exam exam, int right)
    {
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var answered = 0;
        foreach (var question in attempt.Questions)
        {
            var correct = exam.Questions.Single(q => q.Id == question.Id).Choices.Single(c => c.IsCorrect).Id;
            var choice = answered++ < right ? correct : question.Choices.First(c => c.Id != correct).Id;
            (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, choice, 500)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static List<(Guid LearnerId, string? DisplayName)> Names(JsonElement entries) =>
        [.. entries.EnumerateArray().Select(e => (e.GetProperty("learnerId").GetGuid(), e.GetProperty("displayName").GetString()))];

    private async Task<Guid> RankAndPublishAsync(Guid examId)
    {
        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);
        var runId = (await JsonAsync(await admin.PostAsync($"/api/learning/admin/rankings/{examId}/run", null), HttpStatusCode.Accepted))
            .GetProperty("runId").GetGuid();
        await RedisServerProcess.WaitUntilAsync(async () =>
        {
            var runs = await JsonAsync(await admin.GetAsync($"/api/learning/admin/rankings/runs?examId={examId}"));
            return runs.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == runId)
                .GetProperty("status").GetString() == "SUCCEEDED";
        }, TimeSpan.FromSeconds(30), "the ranking run to succeed");
        (await admin.PostAsync($"/api/learning/admin/rankings/{examId}/publish", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        return runId;
    }

    /// <summary>A published board of two: <c>learner</c> (both questions right, first) and "Other Learner" (one right).</summary>
    private async Task<(Exam Exam, Learner Learner, Learner Other)> PublishedBoardOfTwoAsync(string learnerName)
    {
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var learner = await api.NewLearnerAsync(learnerName);
        var other = await api.NewLearnerAsync("Other Learner");
        await TakeAsync(learner, exam, right: 2);
        await TakeAsync(other, exam, right: 1);
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await RankAndPublishAsync(exam.Id);
        return (exam, learner, other);
    }

    [Fact]
    public async Task Leaderboard_pages_me_and_the_final_screen_show_the_learners_display_names()
    {
        var exam = await api.AddExamAsync(questions: 3, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var first = await api.NewLearnerAsync("Ada Lovelace");
        var second = await api.NewLearnerAsync("Jürgen Müller");
        var third = await api.NewLearnerAsync("李小龍");
        await TakeAsync(first, exam, right: 3);
        await TakeAsync(second, exam, right: 2);
        await TakeAsync(third, exam, right: 1);

        // The start stored each learner's name from their token.
        var stored = await StoredAsync(second.Id);
        stored!.DisplayName.Should().Be("Jürgen Müller");
        stored.NameSource.Should().Be(NameSource.Token);

        // Provisional (closed, not ranked): a page and /me, served from the live board in Redis.
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var page = await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        page.GetProperty("visibility").GetString().Should().Be("PROVISIONAL");
        Names(page.GetProperty("entries")).Should().Equal(
            (first.Id, "Ada Lovelace"), (second.Id, "Jürgen Müller"), (third.Id, "李小龍"));
        var me = await JsonAsync(await second.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me"));
        me.GetProperty("me").GetProperty("displayName").GetString().Should().Be("Jürgen Müller");
        Names(me.GetProperty("neighbours")).Select(n => n.DisplayName).Should().Equal("Ada Lovelace", "Jürgen Müller", "李小龍");

        // Final: the published board and the result screen's top 3 and neighbours.
        await RankAndPublishAsync(exam.Id);
        var final = await JsonAsync(await first.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?limit=2"));
        final.GetProperty("visibility").GetString().Should().Be("FINAL");
        Names(final.GetProperty("entries")).Should().Equal((first.Id, "Ada Lovelace"), (second.Id, "Jürgen Müller"));
        var result = await JsonAsync(await third.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"));
        result.GetProperty("status").GetString().Should().Be("PUBLISHED");
        Names(result.GetProperty("top")).Should().Equal(
            (first.Id, "Ada Lovelace"), (second.Id, "Jürgen Müller"), (third.Id, "李小龍"));
        Names(result.GetProperty("neighbours")).Select(n => n.DisplayName).Should().Equal("Ada Lovelace", "Jürgen Müller", "李小龍");
    }

    [Fact]
    public async Task A_board_s_names_are_kept_beside_it_in_redis_and_pages_and_me_read_them_from_there_live_and_final()
    {
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var named = await api.NewLearnerAsync("Named Learner");
        await TakeAsync(named, exam, right: 2);
        var nameless = Guid.NewGuid();
        await ResultSeed.InsertAsync(api.Database.ConnectionString, exam.Id, [new SeededResult(nameless, 0, 1_000, api.Clock.GetUtcNow())]);
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var names = $"{api.RedisPrefix}lb:{{{exam.Id}}}:n";

        // The first read names its lines from PostgreSQL and keeps them beside the board ("" for a learner without one).
        var live = await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        live.GetProperty("visibility").GetString().Should().Be("PROVISIONAL");
        Names(live.GetProperty("entries")).Should().Equal((named.Id, "Named Learner"), (nameless, null));
        (await redis.HashGetAllAsync(names)).Select(e => ((string)e.Name!, (string)e.Value!)).Should()
            .BeEquivalentTo([(named.Id.ToString(), "Named Learner"), (nameless.ToString(), "")]);
        var lifetime = await redis.KeyTimeToLiveAsync(names);
        lifetime.Should().NotBeNull().And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(5)).And.BeGreaterThan(TimeSpan.Zero);

        // The next reads take them from Redis, live and, after the publish (which writes no names), final.
        await redis.HashSetAsync(names, named.Id.ToString(), "Held In Redis");
        Names((await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal((named.Id, "Held In Redis"), (nameless, null));
        (await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me")))
            .GetProperty("me").GetProperty("displayName").GetString().Should().Be("Held In Redis");
        await RankAndPublishAsync(exam.Id);
        var final = await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        final.GetProperty("visibility").GetString().Should().Be("FINAL");
        Names(final.GetProperty("entries")).Should().Equal((named.Id, "Held In Redis"), (nameless, null));
        (await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me")))
            .GetProperty("me").GetProperty("displayName").GetString().Should().Be("Held In Redis");

        // A name Redis does not have is looked up again and kept (once this instance's top of the board, which the reads
        // above filled, is 2 s old: decision 136).
        (await redis.HashDeleteAsync(names, named.Id.ToString())).Should().BeTrue();
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        Names((await JsonAsync(await named.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal((named.Id, "Named Learner"), (nameless, null));
        ((string?)await redis.HashGetAsync(names, named.Id.ToString())).Should().Be("Named Learner");
    }

    [Fact]
    public async Task A_name_changed_in_the_profile_shows_on_the_next_read_of_the_board_me_and_the_final_screen()
    {
        var (exam, learner, other) = await PublishedBoardOfTwoAsync("Before Name");
        var before = await JsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        Names(before.GetProperty("entries")).Should().Equal((learner.Id, "Before Name"), (other.Id, "Other Learner"));
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        (await redis.KeyExistsAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().BeTrue("the final board is in Redis");

        var changed = await JsonAsync(await PutNameAsync(learner.Client, "  After Name "));

        changed.GetProperty("learnerId").GetGuid().Should().Be(learner.Id);
        changed.GetProperty("displayName").GetString().Should().Be("After Name");
        (await JsonAsync(await learner.Client.GetAsync(Profile))).GetProperty("displayName").GetString().Should().Be("After Name");
        var after = await JsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"));
        Names(after.GetProperty("entries")).Should().Equal((learner.Id, "After Name"), (other.Id, "Other Learner"));
        (await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me")))
            .GetProperty("me").GetProperty("displayName").GetString().Should().Be("After Name");
        Names((await JsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/exams/{exam.Id}/result"))).GetProperty("top"))
            .Should().Equal((learner.Id, "After Name"), (other.Id, "Other Learner"));
        (await redis.KeyExistsAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}")).Should().BeTrue("names are not part of the cached board");
    }

    [Fact]
    public async Task A_name_changed_on_another_instance_shows_on_this_one_once_its_top_of_the_board_is_two_seconds_old()
    {
        var (exam, learner, other) = await PublishedBoardOfTwoAsync("Before Name");
        Names((await JsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal((learner.Id, "Before Name"), (other.Id, "Other Learner"));
        await using var second = api.AnotherInstance(KeyValuePair.Create("Ranking:Enabled", "false"));
        var learnerThere = second.CreateClient();
        learnerThere.DefaultRequestHeaders.Authorization = learner.Client.DefaultRequestHeaders.Authorization;

        (await PutNameAsync(learnerThere, "After Name")).StatusCode.Should().Be(HttpStatusCode.OK);

        var there = second.CreateClient();
        there.DefaultRequestHeaders.Authorization = other.Client.DefaultRequestHeaders.Authorization;
        Names((await JsonAsync(await there.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal([(learner.Id, "After Name"), (other.Id, "Other Learner")], "the instance that wrote the change shows it at once");
        // This instance may serve the board's top from its memory for 2 s (decision 136).
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        Names((await JsonAsync(await other.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal([(learner.Id, "After Name"), (other.Id, "Other Learner")], "the change's commit set the name beside the board");
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        ((string?)await redis.HashGetAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}:n", learner.Id.ToString())).Should().Be("After Name");
        (await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}/me")))
            .GetProperty("me").GetProperty("displayName").GetString().Should().Be("After Name");
    }

    [Fact]
    public async Task The_top_of_a_final_board_is_served_from_memory_for_two_seconds_and_a_rename_here_drops_it_at_once()
    {
        var (exam, learner, other) = await PublishedBoardOfTwoAsync("First Name");
        var page = $"{ApiCalls.App}/leaderboards/{exam.Id}?offset=0&limit=20";
        async Task<List<(Guid, string?)>> ReadAsync(string url) => Names((await JsonAsync(await other.Client.GetAsync(url))).GetProperty("entries"));
        // The first read finds the board final; the next reads of its top come from memory.
        (await ReadAsync(page)).Should().Equal((learner.Id, "First Name"), (other.Id, "Other Learner"));
        (await ReadAsync(page)).Should().Equal((learner.Id, "First Name"), (other.Id, "Other Learner"));

        // As another instance's rename would, minus this instance hearing of it.
        var redis = api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await redis.HashSetAsync($"{api.RedisPrefix}lb:{{{exam.Id}}}:n", learner.Id.ToString(), "Set Elsewhere");

        (await ReadAsync(page)).Should().Equal([(learner.Id, "First Name"), (other.Id, "Other Learner")], "the top is served from memory");
        (await ReadAsync($"{ApiCalls.App}/leaderboards/{exam.Id}?offset=1&limit=5")).Should().Equal(
            [(other.Id, "Other Learner")], "any page inside the top 100 is a slice of it");
        api.Clock.Advance(TimeSpan.FromSeconds(2));
        (await ReadAsync(page)).Should().Equal([(learner.Id, "Set Elsewhere"), (other.Id, "Other Learner")], "a top lives 2 s");

        (await ReadAsync(page)).Should().Equal((learner.Id, "Set Elsewhere"), (other.Id, "Other Learner"));
        (await PutNameAsync(learner.Client, "Renamed Here")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadAsync(page)).Should().Equal([(learner.Id, "Renamed Here"), (other.Id, "Other Learner")],
            "a rename saved on this instance drops the tops of the learner's boards here");
    }

    [Fact]
    public async Task A_start_that_brings_the_token_name_up_to_date_shows_it_on_the_board_at_the_next_read()
    {
        var exam = await api.AddExamAsync(questions: 2, closesAt: api.Clock.GetUtcNow().AddMinutes(30));
        var learner = await api.NewLearnerAsync("Current Name");
        await TakeAsync(learner, exam, right: 2);
        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await RankAndPublishAsync(exam.Id);
        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update learners set display_name = 'Older Name' where id = {learner.Id}"));
        Names((await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal((learner.Id, "Older Name"));

        await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);   // in a transaction: dropped again at its commit

        Names((await JsonAsync(await learner.Client.GetAsync($"{ApiCalls.App}/leaderboards/{exam.Id}"))).GetProperty("entries"))
            .Should().Equal((learner.Id, "Current Name"));
    }

    [Fact]
    public async Task A_name_chosen_in_the_profile_is_not_replaced_by_the_token_name_at_the_next_start()
    {
        var learner = await api.NewLearnerAsync("Registered Name");
        await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);
        (await StoredAsync(learner.Id))!.DisplayName.Should().Be("Registered Name");

        (await PutNameAsync(learner.Client, "Chosen Name")).StatusCode.Should().Be(HttpStatusCode.OK);
        var chosen = await StoredAsync(learner.Id);
        await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);   // the same token, still named "Registered Name"

        var stored = await StoredAsync(learner.Id);
        stored!.DisplayName.Should().Be("Chosen Name");
        stored.NameSource.Should().Be(NameSource.Profile);
        stored.UpdatedAt.Should().Be(chosen!.UpdatedAt, "the start wrote nothing");
        (await JsonAsync(await learner.Client.GetAsync(Profile))).GetProperty("displayName").GetString().Should().Be("Chosen Name");
    }

    [Fact]
    public async Task While_no_name_was_chosen_a_start_brings_the_stored_name_up_to_date_with_the_token()
    {
        var learner = await api.NewLearnerAsync("Current Name");
        await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);
        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update learners set display_name = 'Older Name' where id = {learner.Id}"));

        await learner.Client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);

        var stored = await StoredAsync(learner.Id);
        stored!.DisplayName.Should().Be("Current Name");
        stored.NameSource.Should().Be(NameSource.Token);
    }

    [Fact]
    public async Task A_token_name_that_breaks_the_rule_is_not_stored_or_shown()
    {
        // Before accounts had display names, tokens carried the e-mail address as their name: never shown on a board.
        var learnerId = Guid.NewGuid();
        var client = api.ClientWith(SharedIdentity.MintWithServerKey(api.Identity, learnerId.ToString(), "learning.app", "learner",
            name: "someone@example.com"));

        await client.StartOkAsync((await api.AddExamAsync(questions: 1)).Id);

        (await StoredAsync(learnerId)).Should().BeNull();
        var profile = await JsonAsync(await client.GetAsync(Profile));
        profile.GetProperty("learnerId").GetGuid().Should().Be(learnerId);
        profile.GetProperty("displayName").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("A")]
    [InlineData("  A  ")]
    [InlineData("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn")]   // 41
    [InlineData("Esc\u001b[31mName")]
    [InlineData("Two\nLines")]
    [InlineData("Line\u2028Separator")]
    [InlineData("admin\u202Egnp.exe")]
    [InlineData("me@example.com")]
    public async Task A_display_name_that_breaks_the_rule_is_400_naming_displayName_and_changes_nothing(string? displayName)
    {
        var learner = await api.NewLearnerAsync("Kept Name");
        (await PutNameAsync(learner.Client, "Kept Name")).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await StoredAsync(learner.Id);

        var response = await PutNameAsync(learner.Client, displayName);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().Equal("displayName");
        var after = await StoredAsync(learner.Id);
        after!.DisplayName.Should().Be("Kept Name");
        after.UpdatedAt.Should().Be(before!.UpdatedAt);
    }

    [Fact]
    public async Task The_profile_needs_a_learner_token()
    {
        var anonymous = api.CreateClient();
        (await anonymous.GetAsync(Profile)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await PutNameAsync(anonymous, "No Token")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var admin = api.ClientWith((await api.Identity.AdminAsync()).AccessToken);   // scope learning.admin, not learning.app
        (await admin.GetAsync(Profile)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await PutNameAsync(admin, "Admin Name")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await api.WithDbAsync(db => db.Learners.CountAsync(l => l.DisplayName == "No Token" || l.DisplayName == "Admin Name"))).Should().Be(0);
    }

    [Fact]
    public async Task A_new_learner_s_profile_shows_the_registered_name_before_any_attempt()
    {
        var learner = await api.NewLearnerAsync("Fresh Learner");

        var profile = await JsonAsync(await learner.Client.GetAsync(Profile));

        profile.GetProperty("learnerId").GetGuid().Should().Be(learner.Id);
        profile.GetProperty("displayName").GetString().Should().Be("Fresh Learner");
        (await StoredAsync(learner.Id)).Should().BeNull("reading the profile writes nothing");
    }
}
