using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Domain.Content;
using LearningPlatform.Infrastructure.IntegrationTests.Ranking;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LearningPlatform.Infrastructure.IntegrationTests.Content;

/// <summary>The compare-and-set SQL against the domain's merge, and the demo course.</summary>
public class LessonProgressStoreTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private async Task<Guid> AddLessonAsync()
    {
        var course = Course.Create(new CourseDefinition("Store course", null, null), 0, Start);
        var lesson = Lesson.Create(course.Id, new LessonDefinition("Store lesson", "Text", LessonKind.Article, null, null, null, null, false), 0, Start);
        await fixture.Services.QueryAsync(async db =>
        {
            db.Courses.Add(course);
            db.Lessons.Add(lesson);
            return await db.SaveChangesAsync();
        });
        return lesson.Id;
    }

    private async Task<LessonProgress> RecordAsync(LessonProgress report)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ILessonProgressStore>().RecordAsync(report, CancellationToken.None);
    }

    [Fact]
    public async Task Reports_one_at_a_time_leave_exactly_what_the_domains_merge_says()
    {
        var lessonId = await AddLessonAsync();
        var learnerId = Guid.NewGuid();
        var random = new Random(1201);
        LessonProgress? expected = null;

        for (var i = 0; i < 60; i++)
        {
            var report = LessonProgress.Report(
                learnerId, lessonId, random.Next(0, 101), random.Next(0, 50), random.Next(10) == 0, Start.AddSeconds(i));
            expected = expected is null ? report : expected.Merge(report);

            var stored = await RecordAsync(report);

            (stored.Percent, stored.Position, stored.CompletedAt, stored.UpdatedAt)
                .Should().Be((expected.Percent, expected.Position, expected.CompletedAt, expected.UpdatedAt), $"after report {i}");
        }
    }

    [Fact]
    public async Task A_report_for_a_lesson_that_no_longer_exists_is_lesson_not_found()
    {
        var act = () => RecordAsync(LessonProgress.Report(Guid.NewGuid(), Guid.NewGuid(), 10, 0, false, Start));

        (await act.Should().ThrowAsync<LearningPlatform.Domain.Common.DomainException>()).Which.Code.Should().Be("lesson.not_found");
    }

    [Fact]
    public async Task The_demo_seeds_one_published_course_with_three_published_lessons_one_premium_once()
    {
        for (var run = 0; run < 2; run++)
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await DemoSeeder.SeedAsync(scope.ServiceProvider.GetRequiredService<LearningDbContext>(), TimeProvider.System, NullLogger.Instance);
        }

        PublishedCatalog catalog;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            catalog = await PublishedCatalogQuery.LoadAsync(scope.ServiceProvider.GetRequiredService<ILearningReadDb>(), CancellationToken.None);
        }

        var course = catalog.Find(DemoSeeder.DemoCourseId)!;
        course.Title.Should().Be("Demo: study skills");
        course.Lessons.Select(l => (l.Id, l.Kind, l.Premium)).Should().Equal(
            (DemoSeeder.DemoVideoLessonId, LessonKind.Video, false),
            (DemoSeeder.DemoPdfLessonId, LessonKind.Pdf, false),
            (DemoSeeder.DemoPremiumLessonId, LessonKind.Article, true));
        (await fixture.Services.QueryAsync(db => db.Lessons.CountAsync(l => l.CourseId == DemoSeeder.DemoCourseId))).Should().Be(3);
    }
}
