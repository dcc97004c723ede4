using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
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
        var read = (await store.FindAsync(learner, started.AttemptId, asked, mayRecall: false, CancellationToken.None))!.Attempt;

        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var mapped = await db.Attempts.AsNoTracking().Include(a => a.Responses.Where(r => r.QuestionId == asked))
            .SingleAsync(a => a.Id == started.AttemptId);
        read.Should().BeEquivalentTo(mapped, o => o.Excluding(a => a.Result));
        read!.Responses.Should().ContainSingle().Which.QuestionId.Should().Be(asked);
        read.AnsweredCount.Should().Be(2);
        (await store.FindAsync(Guid.NewGuid(), started.AttemptId, asked, mayRecall: true, CancellationToken.None)).Should().BeNull("someone else's attempt is not found");
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
        var stale = (await store.FindAsync(learner, started.AttemptId, first.Id, mayRecall: false, CancellationToken.None))!.Attempt;
        await scope.ServiceProvider.GetRequiredService<SubmitResponse>().HandleAsync(learner, started.AttemptId, started.AttemptToken,
            new SubmitResponseRequest(exam.Questions[1].Id, exam.Questions[1].Choices[0].Id, 10), CancellationToken.None);

        var version = stale.Version;
        stale.Answer(first, first.Choices[0].Id, 10, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5));
        var save = () => store.SaveAnswerAsync(stale, version, stale.Responses[^1], CancellationToken.None);

        await save.Should().ThrowAsync<DbUpdateConcurrencyException>();
        (await fixture.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
        (await fixture.Database.CountAsync($"select answered_count from attempts where id = '{started.AttemptId}'")).Should().Be(1);
    }

    [Fact]
    public async Task After_its_own_write_the_store_recalls_the_attempt_exactly_as_the_row_now_is()
    {
        var (exam, learner, started, scope) = await StartAsync(fixture.Services);
        await using var lease = scope;
        await AnswerAsync(scope, learner, started, exam.Questions[0]);

        var store = scope.ServiceProvider.GetRequiredService<IAnswerStore>();
        var recalled = (await store.FindAsync(learner, started.AttemptId, exam.Questions[1].Id, mayRecall: true, CancellationToken.None))!;

        recalled.Recalled.Should().BeTrue("the write left the attempt in the store's memory");
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var row = await db.Attempts.AsNoTracking().Include(a => a.Responses.Where(r => r.QuestionId == exam.Questions[1].Id))
            .SingleAsync(a => a.Id == started.AttemptId);
        recalled.Attempt.Should().BeEquivalentTo(row, o => o.Excluding(a => a.Result));
        recalled.Attempt.Version.Should().Be(row.Version, "a write from memory is checked against the row's version");
        (await store.FindAsync(learner, started.AttemptId, exam.Questions[0].Id, mayRecall: true, CancellationToken.None))!
            .Recalled.Should().BeFalse("an answered question is read afresh: a replay needs the stored choice");
    }

    [Fact]
    public async Task An_answer_through_another_instance_makes_the_remembered_write_match_nothing_and_the_retry_writes_on_the_row_as_it_is()
    {
        var (exam, learner, started, scope) = await StartAsync(fixture.Services);
        await using var lease = scope;
        await using var other = fixture.Build(_ => { });
        await using var otherScope = other.CreateAsyncScope();

        (await AnswerAsync(scope, learner, started, exam.Questions[0])).Answered.Should().Be(1);
        (await AnswerAsync(otherScope, learner, started, exam.Questions[1])).Answered.Should().Be(2);
        var third = await AnswerAsync(scope, learner, started, exam.Questions[2], choice: 1);
        var fourth = await AnswerAsync(scope, learner, started, exam.Questions[3]);

        third.Should().Be(new SubmitResponseResult(exam.Questions[2].Id, false, 3, 1));
        fourth.Should().Be(new SubmitResponseResult(exam.Questions[3].Id, false, 4, 0));
        (await fixture.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(4);
        (await fixture.Database.CountAsync($"select answered_count from attempts where id = '{started.AttemptId}'")).Should().Be(4);
        (await fixture.Database.CountAsync($"select score from attempts where id = '{started.AttemptId}'")).Should().Be(30, "three right answers of 10 points");
    }

    [Fact]
    public async Task A_completion_after_the_remembered_write_refuses_the_next_answer_with_the_rows_reason_and_writes_nothing()
    {
        var (exam, learner, started, scope) = await StartAsync(fixture.Services);
        await using var lease = scope;
        await AnswerAsync(scope, learner, started, exam.Questions[0]);
        await using var other = fixture.Build(_ => { });
        await using (var otherScope = other.CreateAsyncScope())
        {
            await otherScope.ServiceProvider.GetRequiredService<CompleteAttempt>()
                .HandleAsync(learner, started.AttemptId, started.AttemptToken, CancellationToken.None);
        }

        var answer = () => AnswerAsync(scope, learner, started, exam.Questions[1]);
        var badChoice = () => scope.ServiceProvider.GetRequiredService<SubmitResponse>().HandleAsync(learner, started.AttemptId,
            started.AttemptToken, new SubmitResponseRequest(exam.Questions[1].Id, Guid.NewGuid(), 10), CancellationToken.None);

        (await answer.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("attempt.not_in_progress");
        (await badChoice.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("attempt.not_in_progress",
            "a refusal is decided on the row, not on the memory that still says IN_PROGRESS");
        (await fixture.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
    }

    [Fact]
    public async Task A_replay_of_a_remembered_answer_is_a_duplicate_and_another_choice_for_it_is_refused()
    {
        var (exam, learner, started, scope) = await StartAsync(fixture.Services);
        await using var lease = scope;
        await AnswerAsync(scope, learner, started, exam.Questions[0]);

        var replay = await AnswerAsync(scope, learner, started, exam.Questions[0]);
        var changed = () => AnswerAsync(scope, learner, started, exam.Questions[0], choice: 1);

        replay.Should().Be(new SubmitResponseResult(exam.Questions[0].Id, true, 1, 3));
        (await changed.Should().ThrowAsync<DomainException>()).Which.Code.Should().Be("attempt.answer_changed");
        (await fixture.Database.CountAsync($"select count(*) from responses where attempt_id = '{started.AttemptId}'")).Should().Be(1);
    }

    private async Task<(Exam Exam, Guid Learner, StartAttemptResult Started, AsyncServiceScope Scope)> StartAsync(IServiceProvider services)
    {
        var exam = await fixture.AddExamAsync(questions: 4);
        var learner = Guid.NewGuid();
        var scope = services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(learner, null, exam.Id, CancellationToken.None);
        return (exam, learner, started, scope);
    }

    private static Task<SubmitResponseResult> AnswerAsync(
        AsyncServiceScope scope, Guid learner, StartAttemptResult started, Question question, int choice = 0) =>
        scope.ServiceProvider.GetRequiredService<SubmitResponse>().HandleAsync(learner, started.AttemptId, started.AttemptToken,
            new SubmitResponseRequest(question.Id, question.Choices[choice].Id, 10), CancellationToken.None);
}
