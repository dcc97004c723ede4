using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningPlatform.Infrastructure.IntegrationTests.Persistence;

public class DemoSeederTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task The_demo_seeds_one_contest_and_one_practice_exam_and_seeding_again_changes_nothing()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await DemoSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<LearningDbContext>(), TimeProvider.System, NullLogger.Instance);
        }

        await using var check = fixture.Services.CreateAsyncScope();
        var exams = await check.ServiceProvider.GetRequiredService<LearningDbContext>().Exams.AsNoTracking()
            .Where(e => e.Id == DemoSeeder.DemoExamId || e.Id == DemoSeeder.DemoPracticeExamId)
            .Select(e => new { e.Id, e.Mode, Questions = e.Questions.Count })
            .ToListAsync();
        exams.Should().BeEquivalentTo([
            new { Id = DemoSeeder.DemoExamId, Mode = ExamMode.Contest, Questions = 10 },
            new { Id = DemoSeeder.DemoPracticeExamId, Mode = ExamMode.Practice, Questions = 5 },
        ]);
    }
}
