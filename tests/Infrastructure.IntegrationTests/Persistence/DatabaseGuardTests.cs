using LearningPlatform.Application.Attempts;
using LearningPlatform.Domain.Common;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Infrastructure.IntegrationTests.Persistence;

/// <summary>PostgreSQL is the truth: its constraints hold even when Redis forgot a lock or key.</summary>
public class DatabaseGuardTests(InfrastructureFixture fixture) : IClassFixture<InfrastructureFixture>
{
    [Fact]
    public async Task Concurrent_starts_without_any_Redis_lock_still_create_one_attempt()
    {
        var exam = await fixture.AddExamAsync();
        var learner = Guid.NewGuid();
        await using var services = fixture.Build(s => s.WithoutRedisLocks());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var scope = services.CreateAsyncScope();
            try
            {
                return (await scope.ServiceProvider.GetRequiredService<StartAttempt>()
                    .HandleAsync(learner, null, exam.Id, CancellationToken.None)).AttemptId.ToString();
            }
            catch (DomainException e)
            {
                return e.Code; // retries ran out against the racing writers
            }
        }));

        // The losers of the insert race re-read and resume the winner's attempt.
        outcomes.Where(o => Guid.TryParse(o, out _)).Distinct().Should().ContainSingle();
        outcomes.Where(o => !Guid.TryParse(o, out _)).Should().NotContain(c => c != "concurrency.conflict");
        (await fixture.Database.CountAsync($"select count(*) from attempts where exam_id = '{exam.Id}'")).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_completes_from_the_same_version_write_one_result()
    {
        var exam = await fixture.AddExamAsync();
        var learner = Guid.NewGuid();
        StartAttemptResult started;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            started = await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(learner, null, exam.Id, CancellationToken.None);
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<CompleteAttempt>()
                    .HandleAsync(learner, started.AttemptId, started.AttemptToken, CancellationToken.None);
                return "ok";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }));

        outcomes.Count(o => o == "ok").Should().Be(1);
        outcomes.Where(o => o != "ok").Should().NotContain(c => c != "concurrency.conflict" && c != "attempt.not_in_progress");
        (await fixture.Database.CountAsync($"select count(*) from exam_results where attempt_id = '{started.AttemptId}'")).Should().Be(1);
    }

    [Fact]
    public async Task A_second_in_progress_attempt_row_is_refused_by_the_database()
    {
        var exam = await fixture.AddExamAsync();
        var learner = Guid.NewGuid();
        await using var scope = fixture.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartAttempt>().HandleAsync(learner, null, exam.Id, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();

        var insert = () => db.Database.ExecuteSqlRawAsync(
            "insert into attempts (id, exam_id, learner_id, attempt_number, status, started_at, expires_at, question_order, token_hash, score, total_elapsed_ms, flagged_for_review) " +
            "values ({0}, {1}, {2}, 2, 'InProgress', now(), now() + interval '5 minutes', '{{}}', 'x', 0, 0, false)",
            Guid.NewGuid(), exam.Id, learner);

        (await insert.Should().ThrowAsync<Npgsql.PostgresException>()).Which.ConstraintName.Should().Be("ux_attempts_one_in_progress");
    }

    [Fact]
    public async Task A_question_cannot_get_a_second_correct_choice()
    {
        var exam = await fixture.AddExamAsync(questions: 1);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();

        var insert = () => db.Database.ExecuteSqlRawAsync(
            "insert into choices (id, question_id, text, is_correct, position) values ({0}, {1}, 'also right', true, 9)",
            Guid.NewGuid(), exam.Questions[0].Id);

        (await insert.Should().ThrowAsync<Npgsql.PostgresException>()).Which.ConstraintName.Should().Be("ux_choices_one_correct");
    }
}
