using System.Net;
using System.Text.Json;
using LearningPlatform.Domain.Audit;
using LearningPlatform.TestSupport;
using LearningPlatform.WebApi.IntegrationTests.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.WebApi.IntegrationTests.Authoring;

/// <summary>Questions with versions, pools and exams written through the admin API, then served to learners.</summary>
public class ExamAuthoringTests(RankingApiFactory api) : IClassFixture<RankingApiFactory>
{
    private async Task<HttpClient> AdminAsync() => api.ClientWith((await api.Identity.AdminAsync()).AccessToken);

    [Fact]
    public async Task Editing_a_question_after_scheduling_changes_nothing_the_exam_serves_or_scores()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"History {Guid.NewGuid():N}");
        var pinnedQuestion = await admin.CreateQuestionAsync(category, "Who built the pyramids at Giza?", points: 7);
        var tag = $"t{Guid.NewGuid():N}"[..12];
        foreach (var i in Enumerable.Range(0, 3))
        {
            await admin.CreateQuestionAsync(category, $"Drawn question {i}?", tags: [tag]);
        }

        var pool = (await admin.SendOkAsync(HttpMethod.Post, "/pools", new { name = "Tagged", categoryId = category, tags = new[] { tag } },
            HttpStatusCode.Created));
        pool.GetProperty("readyQuestions").GetInt32().Should().Be(3);
        var now = api.Clock.GetUtcNow();
        var exam = await admin.SendOkAsync(HttpMethod.Post, "/exams", AdminCalls.ExamBody(now, TimeSpan.FromMinutes(5),
            [new { questionId = pinnedQuestion }, new { poolId = pool.GetProperty("id").GetGuid(), count = 2 }], mode: "PRACTICE"),
            HttpStatusCode.Created);
        var examId = exam.GetProperty("id").GetGuid();
        exam.GetProperty("status").GetString().Should().Be("DRAFT");

        var scheduled = await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/schedule");
        scheduled.GetProperty("status").GetString().Should().Be("SCHEDULED");
        scheduled.GetProperty("questionCount").GetInt32().Should().Be(3);

        // The admin fixes the stem and makes "wrong" the right answer: a new version, not the exam's.
        var edited = await admin.SendOkAsync(HttpMethod.Put, $"/questions/{pinnedQuestion}", new
        {
            categoryId = category,
            stem = "Who built the Great Pyramid?",
            points = 3,
            choices = new[] { new { text = "right", correct = false }, new { text = "wrong", correct = true }, new { text = "other", correct = false } },
        });
        edited.GetProperty("currentVersion").GetInt32().Should().Be(2);
        (await admin.SendOkAsync(HttpMethod.Get, $"/questions/{pinnedQuestion}/versions")).GetProperty("versions").GetArrayLength().Should().Be(2);

        var firstVersion = await api.WithDbAsync(db => db.QuestionVersions.AsNoTracking().SingleAsync(v => v.QuestionId == pinnedQuestion && v.Number == 1));
        var served = await api.WithDbAsync(db => db.Questions.AsNoTracking().Include(q => q.Choices)
            .SingleAsync(q => q.ExamId == examId && q.SourceVersionId == firstVersion.Id));
        (served.Text, served.Points).Should().Be(("Who built the pyramids at Giza?", 7));
        served.Choices.Single(c => c.IsCorrect).Text.Should().Be("right");

        api.Clock.Advance(TimeSpan.FromMinutes(6));
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(examId);
        attempt.Questions.Should().HaveCount(3);
        var question = attempt.Questions.Single(q => q.Text == "Who built the pyramids at Giza?");
        question.Points.Should().Be(7);
        (await learner.Client.AnswerAsync(attempt.AttemptId, attempt.AttemptToken, question.Id, question.Choices.Single(c => c.Text == "right").Id, 1000))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var completed = await learner.Client.CompleteAsync(attempt.AttemptId, attempt.AttemptToken, Guid.NewGuid().ToString());
        var result = JsonDocument.Parse(await completed.Content.ReadAsStringAsync()).RootElement;
        completed.StatusCode.Should().Be(HttpStatusCode.OK, result.GetRawText());
        result.GetProperty("score").GetInt32().Should().Be(7, "scored by the pinned version: 'right' for 7 points");

        var log = await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=EXAM&id={examId}");
        log.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("scheduled", "created");
        var questionLog = await admin.SendOkAsync(HttpMethod.Get, $"/audit?entity=QUESTION&id={pinnedQuestion}");
        questionLog.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Should().Equal("edited", "created");
    }

    [Fact]
    public async Task Scheduling_names_too_few_questions_an_uncovered_prize_table_and_a_past_window_and_changes_nothing()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"Sparse {Guid.NewGuid():N}");
        await admin.CreateQuestionAsync(category, "The only question?");
        var pool = (await admin.SendOkAsync(HttpMethod.Post, "/pools", new { name = "Sparse", categoryId = category }, HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        var now = api.Clock.GetUtcNow();
        var body = AdminCalls.ExamBody(now, TimeSpan.FromMinutes(-1), [new { poolId = pool, count = 5 }, new { questionId = Guid.NewGuid() }]);
        body["guaranteedPool"] = 100;
        body["prizes"] = new[] { new { fromRank = 1, toRank = 2, coins = 100 } };
        var examId = (await admin.SendOkAsync(HttpMethod.Post, "/exams", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await admin.SendAsync(HttpMethod.Post, $"/exams/{examId}/schedule");

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("code").GetString().Should().Be("exam.not_schedulable");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("items[0]", "items[1]", "opensAt", "prizes");
        (await admin.SendOkAsync(HttpMethod.Get, $"/exams/{examId}")).GetProperty("status").GetString().Should().Be("DRAFT");
        (await api.WithDbAsync(db => db.Questions.CountAsync(q => q.ExamId == examId))).Should().Be(0);
        (await api.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == examId && a.Action == "scheduled"))).Should().Be(0);
    }

    [Fact]
    public async Task Scheduling_refuses_a_prize_table_naming_a_coupon_campaign_that_does_not_exist_and_accepts_it_once_created()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"Prized {Guid.NewGuid():N}");
        var question = await admin.CreateQuestionAsync(category, "Prized question?");
        var campaign = Guid.NewGuid();
        var body = AdminCalls.ExamBody(api.Clock.GetUtcNow(), TimeSpan.FromMinutes(5), [new { questionId = question }]);
        body["prizes"] = new object[] { new { fromRank = 1, toRank = 1, couponCampaignId = campaign } };
        var examId = (await admin.SendOkAsync(HttpMethod.Post, "/exams", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var refused = await admin.SendAsync(HttpMethod.Post, $"/exams/{examId}/schedule");

        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("code").GetString().Should().Be("exam.not_schedulable");
        problem.GetProperty("errors").GetProperty("prizes").EnumerateArray().Select(m => m.GetString())
            .Should().Equal($"Coupon campaign {campaign} does not exist.");
        (await admin.SendOkAsync(HttpMethod.Get, $"/exams/{examId}")).GetProperty("status").GetString().Should().Be("DRAFT");

        await api.WithDbAsync(async db =>
        {
            db.CouponCampaigns.Add(LearningPlatform.Domain.Rewards.CouponCampaign.Create("Prize stock", null, Guid.NewGuid(), api.Clock.GetUtcNow(), campaign));
            await db.SaveChangesAsync();
            return 0;
        });
        (await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/schedule")).GetProperty("status").GetString().Should().Be("SCHEDULED");
    }

    [Fact]
    public async Task An_open_exam_can_be_extended_but_not_shortened_unscheduled_or_changed_and_a_draft_is_invisible_to_learners()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"Open {Guid.NewGuid():N}");
        var question = await admin.CreateQuestionAsync(category, "Open question?");
        var now = api.Clock.GetUtcNow();
        var body = AdminCalls.ExamBody(now, TimeSpan.FromMinutes(1), [new { questionId = question }]);
        var examId = (await admin.SendOkAsync(HttpMethod.Post, "/exams", body, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var learner = await api.NewLearnerAsync();

        await (await learner.Client.GetAsync($"{ApiCalls.App}/exams/{examId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
        await (await learner.Client.StartAsync(examId, Guid.NewGuid().ToString())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");

        await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/schedule");
        (await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/unschedule")).GetProperty("status").GetString().Should().Be("DRAFT");
        await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/schedule");
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var closesAt = now + TimeSpan.FromMinutes(1) + TimeSpan.FromHours(2);

        await (await admin.SendAsync(HttpMethod.Post, $"/exams/{examId}/extend", new { closesAt = closesAt.AddMinutes(-5) }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.cannot_shorten");
        await (await admin.SendAsync(HttpMethod.Post, $"/exams/{examId}/unschedule")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.already_opened");
        await (await admin.SendAsync(HttpMethod.Put, $"/exams/{examId}", body)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_draft");
        await (await admin.SendAsync(HttpMethod.Delete, $"/exams/{examId}")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "exam.not_draft");
        var extended = await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/extend", new { closesAt = closesAt.AddHours(1) });

        extended.GetProperty("status").GetString().Should().Be("OPEN");
        extended.GetProperty("closesAt").GetDateTimeOffset().Should().Be(closesAt.AddHours(1));
        (await learner.Client.StartOkAsync(examId)).Questions.Should().ContainSingle().Which.Text.Should().Be("Open question?");
        var preview = await admin.SendOkAsync(HttpMethod.Post, $"/exams/{examId}/preview");
        preview.GetProperty("pinned").GetBoolean().Should().BeTrue();
        preview.GetProperty("questions")[0].GetProperty("choices").EnumerateArray().Single(c => c.GetProperty("correct").GetBoolean())
            .GetProperty("text").GetString().Should().Be("right");
        (await api.WithDbAsync(db => db.AuditEntries.Where(a => a.Entity == AuditEntity.Exam && a.EntityId == examId)
            .OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()))
            .Should().Equal("created", "scheduled", "unscheduled", "scheduled", "extended");
    }

    [Fact]
    public async Task Bad_question_content_is_400_with_field_errors_and_creates_nothing()
    {
        var admin = await AdminAsync();
        var category = await admin.CreateCategoryAsync($"Bad {Guid.NewGuid():N}");

        var response = await admin.SendAsync(HttpMethod.Post, "/questions", new
        {
            categoryId = category,
            stem = "Two right answers?",
            points = 5000,
            choices = new[] { new { text = "a", correct = true }, new { text = "b", correct = true } },
        });

        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("code").GetString().Should().Be("question.invalid");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("choices", "points");
        (await api.WithDbAsync(db => db.BankQuestions.CountAsync(q => q.CategoryId == category))).Should().Be(0);
        await (await admin.SendAsync(HttpMethod.Post, "/questions", new
        {
            categoryId = Guid.NewGuid(), stem = "Unknown category?", choices = new[] { new { text = "a", correct = true }, new { text = "b", correct = false } },
        })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "category.not_found");
    }

    [Fact]
    public async Task A_learner_token_on_every_authoring_route_is_403()
    {
        var learner = await api.NewLearnerAsync();
        var id = Guid.NewGuid();
        var routes = new (HttpMethod, string)[]
        {
            (HttpMethod.Get, "/categories"), (HttpMethod.Post, "/categories"), (HttpMethod.Put, $"/categories/{id}"), (HttpMethod.Delete, $"/categories/{id}"),
            (HttpMethod.Get, "/questions"), (HttpMethod.Post, "/questions"), (HttpMethod.Get, $"/questions/{id}"), (HttpMethod.Put, $"/questions/{id}"),
            (HttpMethod.Put, $"/questions/{id}/status"), (HttpMethod.Get, $"/questions/{id}/versions"),
            (HttpMethod.Get, "/pools"), (HttpMethod.Post, "/pools"), (HttpMethod.Get, $"/pools/{id}"), (HttpMethod.Put, $"/pools/{id}"), (HttpMethod.Delete, $"/pools/{id}"),
            (HttpMethod.Get, "/exams"), (HttpMethod.Post, "/exams"), (HttpMethod.Get, $"/exams/{id}"), (HttpMethod.Put, $"/exams/{id}"), (HttpMethod.Delete, $"/exams/{id}"),
            (HttpMethod.Post, $"/exams/{id}/schedule"), (HttpMethod.Post, $"/exams/{id}/unschedule"), (HttpMethod.Post, $"/exams/{id}/extend"),
            (HttpMethod.Post, $"/exams/{id}/preview"), (HttpMethod.Get, "/audit"),
        };

        foreach (var (method, path) in routes)
        {
            (await learner.Client.SendAsync(method, path, new { })).StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{method} {path}");
        }
    }
}
