using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LearningPlatform.Infrastructure.IntegrationTests.Persistence;

public class ExpirySweepTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Sweep_expires_overdue_attempts_with_their_answers_and_leaves_running_ones()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = fixture.Build(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var exam = await fixture.AddExamAsync(questions: 2);
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();

        StartAttemptResult overdue;
        await using (var scope = services.CreateAsyncScope())
        {
            overdue = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(early, null, exam.Id, CancellationToken.None);
            var q = exam.Questions[0];
            clock.Advance(TimeSpan.FromSeconds(10));
            await scope.ServiceProvider.GetRequiredService<SubmitResponse>().HandleAsync(
                early, overdue.AttemptId, overdue.AttemptToken,
                new SubmitResponseRequest(q.Id, q.Choices.Single(c => c.IsCorrect).Id, 5_000), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(6));
        StartAttemptResult running;
        await using (var scope = services.CreateAsyncScope())
        {
            running = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(late, null, exam.Id, CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(5)); // the first is past its 10 minutes, the second is not
        await using (var scope = services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ExpireOverdueAttempts>().HandleAsync(100, CancellationToken.None))
                .Should().BeGreaterThanOrEqualTo(1);
        }

        await using var check = services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<LearningDbContext>();
        var expired = await db.Attempts.Include(a => a.Result).AsNoTracking().SingleAsync(a => a.Id == overdue.AttemptId);
        expired.Status.Should().Be(AttemptStatus.Expired);
        expired.FinishedAt.Should().Be(expired.ExpiresAt);
        expired.Result!.Score.Should().Be(10);
        expired.Result.Answered.Should().Be(1);
        (await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == running.AttemptId)).Status.Should().Be(AttemptStatus.InProgress);
    }
}
