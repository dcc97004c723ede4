using LearningPlatform.Application.Common;
using System.Net;
using System.Net.Http.Json;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Infrastructure.BackgroundJobs;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

public class ExamListTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    private sealed record ExamView(
        Guid Id, string Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int QuestionCount, bool IsPremium,
        int MaxAttempts, int AttemptsUsed, int AttemptsLeft, DateTimeOffset? NextRankingAt);

    [Fact]
    public async Task Detail_shows_the_window_attempts_left_and_when_results_are_due()
    {
        var exam = await api.AddExamAsync(questions: 4, maxAttempts: 2);
        var learner = await api.NewLearnerAsync();

        var before = (await learner.Client.GetFromJsonAsync<ExamView>($"{ApiCalls.App}/exams/{exam.Id}", ApiCalls.Json))!;
        before.Should().BeEquivalentTo(new { Status = "OPEN", QuestionCount = 4, MaxAttempts = 2, AttemptsUsed = 0, AttemptsLeft = 2 });
        before.ClosesAt.Should().BeCloseTo(exam.ClosesAt, TimeSpan.FromMilliseconds(1), "PostgreSQL keeps microseconds");
        // Results are due at the first nightly run after the exam closes (test hosts schedule it twelve hours away).
        before.NextRankingAt.Should().Be(new RankingSchedule(new RankingOptions { Schedule = LearningApiFactory.QuietSchedule }).NextAfter(exam.ClosesAt));

        await learner.Client.StartOkAsync(exam.Id);
        var after = (await learner.Client.GetFromJsonAsync<ExamView>($"{ApiCalls.App}/exams/{exam.Id}", ApiCalls.Json))!;
        after.AttemptsUsed.Should().Be(1);
        after.AttemptsLeft.Should().Be(1);
    }

    [Fact]
    public async Task List_shows_open_and_upcoming_exams_but_not_long_closed_ones()
    {
        var now = api.Clock.GetUtcNow();
        var open = await api.AddExamAsync();
        var upcoming = await api.AddExamAsync(opensAt: now.AddDays(1), closesAt: now.AddDays(2), premium: true);
        var longGone = await api.AddExamAsync(opensAt: now.AddDays(-30), closesAt: now.AddDays(-20));
        var learner = await api.NewLearnerAsync();

        var list = (await learner.Client.GetFromJsonAsync<List<ExamView>>($"{ApiCalls.App}/exams", ApiCalls.Json))!;

        list.Should().Contain(e => e.Id == open.Id && e.Status == "OPEN");
        list.Should().Contain(e => e.Id == upcoming.Id && e.Status == "UPCOMING" && e.IsPremium);
        list.Should().NotContain(e => e.Id == longGone.Id);
        list.Select(e => e.OpensAt).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Unknown_exam_is_not_found() =>
        await (await (await api.NewLearnerAsync()).Client.GetAsync($"{ApiCalls.App}/exams/{Guid.NewGuid()}"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "exam.not_found");
}
