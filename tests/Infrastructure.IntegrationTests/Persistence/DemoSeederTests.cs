using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Infrastructure.IntegrationTests.Ranking;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningPlatform.Infrastructure.IntegrationTests.Persistence;

public class DemoSeederTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task The_demo_seeds_a_contest_a_practice_exam_yesterdays_contest_ready_to_rank_and_a_question_bank_once_however_often_it_runs()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await DemoSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<LearningDbContext>(), TimeProvider.System, NullLogger.Instance);
        }

        var exams = await fixture.Services.QueryAsync(db => db.Exams.AsNoTracking()
            .Where(e => e.Id == DemoSeeder.DemoExamId || e.Id == DemoSeeder.DemoPracticeExamId || e.Id == DemoSeeder.DemoEndedExamId)
            .Select(e => new { e.Id, e.Mode, Questions = e.Questions.Count })
            .ToListAsync());
        exams.Should().BeEquivalentTo([
            new { Id = DemoSeeder.DemoExamId, Mode = ExamMode.Contest, Questions = 10 },
            new { Id = DemoSeeder.DemoPracticeExamId, Mode = ExamMode.Practice, Questions = 5 },
            new { Id = DemoSeeder.DemoEndedExamId, Mode = ExamMode.Contest, Questions = 10 },
        ]);
        var attempts = await fixture.Services.QueryAsync(db => db.Attempts.AsNoTracking().Where(a => a.ExamId == DemoSeeder.DemoEndedExamId)
            .Select(a => new { a.Status, a.AnsweredCount, a.FlaggedForReview }).ToListAsync());
        attempts.Should().HaveCount(DemoSeeder.EndedExamParticipants)
            .And.OnlyContain(a => a.Status == AttemptStatus.Completed && a.AnsweredCount == 10 && !a.FlaggedForReview);

        // Ready to rank: the ranking closes it, ranks everyone and pays the table (coins 1-3, coupon rewards 4-10).
        (await fixture.Services.RankAsync(DemoSeeder.DemoEndedExamId)).Status.Should().Be(RankingRunStatus.Succeeded);
        (await fixture.Services.QueryAsync(db => db.Standings.CountAsync(s => s.ExamId == DemoSeeder.DemoEndedExamId)))
            .Should().Be(DemoSeeder.EndedExamParticipants);
        (await fixture.Services.QueryAsync(db => db.Standings.Where(s => s.ExamId == DemoSeeder.DemoEndedExamId)
            .CountAsync(s => db.Learners.Any(l => l.Id == s.LearnerId && l.DisplayName.StartsWith("Demo learner ")))))
            .Should().Be(DemoSeeder.EndedExamParticipants, "every demo learner has a name for the boards");
        (await fixture.Services.QueryAsync(db => db.CoinLedger.CountAsync(c => c.ExamId == DemoSeeder.DemoEndedExamId))).Should().BeGreaterThanOrEqualTo(3);
        (await fixture.Services.QueryAsync(db => db.Wallets.CountAsync(w => w.Balance != db.CoinLedger.Where(c => c.LearnerId == w.LearnerId).Sum(c => c.Amount))))
            .Should().Be(0, "the ranking credits the prizes to the winners' wallets");
        (await fixture.Services.QueryAsync(db => db.Exams.SingleAsync(e => e.Id == DemoSeeder.DemoPaidExamId))).EntryFee
            .Should().Be(DemoSeeder.PaidExamEntryFee, "the walk-through's paid exam");
        (await fixture.Services.QueryAsync(db => db.Rewards.CountAsync(r => r.ExamId == DemoSeeder.DemoEndedExamId
            && r.CouponCampaignId == DemoSeeder.DemoCouponCampaignId))).Should().BeGreaterThanOrEqualTo(1);
    }
}
