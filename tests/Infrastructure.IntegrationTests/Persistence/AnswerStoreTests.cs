using LearningPlatform.Application.Attempts;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.IntegrationTests.Persistence;

/// <summary>The answer path's hand-written store reads and writes the same rows EF Core maps.</summary>
public class AnswerStoreTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task The_store_reads_an_attempt_exactly_as_EF_Core_maps_it_with_only_the_asked_response()
    {
        var exam = await fixture.AddExamAsync(questions: 3);
        var learner = Guid.NewGuid();
        await using var scope = fixture.Services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(learner, null, exam.Id, CancellationToken.None);
        var submit = scope.ServiceProvider.GetRequiredService<SubmitResponse>();
        foreach (var question in exam.Questions.Take(2))
        {
            await submit.HandleAsync(learner, started.AttemptId, started.AttemptToken,
                new SubmitResponseRequest(question.Id, question.Choices[0].Id, 10), CancellationToken.None);
        }

        var asked = exam.Questions[1].Id;
        var store = scope.ServiceProvider.GetRequiredService<IAnswerStore>();
        var read = await store.FindAsync(learner, started.AttemptId, asked, CancellationToken.None);

        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var mapped = await db.Attempts.AsNoTracking().Include(a => a.Responses.Where(r => r.QuestionId == asked))
            .SingleAsync(a => a.Id == started.AttemptId);
        read.Should().BeEquivalentTo(mapped, o => o.Excluding(a => a.Result));
        read!.Responses.Should().ContainSingle().Which.QuestionId.Should().Be(asked);
        read.AnsweredCount.Should().Be(2);
        (await store.FindAsync(Guid.NewGuid(), started.AttemptId, asked, CancellationToken.None)).Should().BeNull("someone else's attempt is not found");
    }

    [Fact]
    public async Task A_save_from_a_stale_version_writes_nothing_and_reports_the_conflict()
    {
        var exam = await fixture.AddExamAsync(questions: 3);
        var learner = Guid.NewGuid();
        await using var scope = fixture.Services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(learner, null, exam.Id, CancellationToken.None);
        var store = scope.ServiceProvider.GetRequiredService<IAnswerStore>();
        var first = exam.Questions[0];
        var stale = (await store.FindAsync(learner, started.AttemptId, first.Id, CancellationToken.None))!;
        await scope.ServiceProvider.GetRequiredService<SubmitResponse>().HandleAsync(learner, started.AttemptId, started.AttemptToken,
            new SubmitResponseRequest(exam.Questions[1].Id, exam.Questions[1].Choices[0].Id, 10), CancellationToken.None);

        var version = stale.Version;
        stale.Answer(first, first.Choices[0].Id, 10, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5));
        var save = () => store.SaveAnswerAsync(stale, version, stale.Responses[^1], CancellationToken.None);

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        (await fixture.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
        (await fixture.Database.CountAsync($"select answered_count from attempts where id = '{started.AttemptId}'")).Should().Be(1);
    }
}
