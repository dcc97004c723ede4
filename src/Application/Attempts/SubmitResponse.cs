using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Attempts;

public sealed record SubmitResponseRequest(Guid QuestionId, Guid ChoiceId, long ElapsedMs);

/// <summary><c>duplicate</c> is true when the same answer had already been recorded.</summary>
public sealed record SubmitResponseResult(Guid QuestionId, bool Duplicate, int Answered, int Remaining);

public sealed class SubmitResponseValidator : AbstractValidator<SubmitResponseRequest>
{
    public SubmitResponseValidator()
    {
        RuleFor(r => r.QuestionId).NotEmpty();
        RuleFor(r => r.ChoiceId).NotEmpty();
        // The precise upper bound is the attempt's own time limit, checked by the domain.
        RuleFor(r => r.ElapsedMs).InclusiveBetween(0, (long)TimeSpan.FromDays(1).TotalMilliseconds);
    }
}

public sealed class SubmitResponse(
    ILearningDb db, IAnswerStore answers, IQuestionPools questions, TimeProvider clock, IOptions<AttemptOptions> options, LearningMetrics metrics,
    ILogger<SubmitResponse> logger)
{
    public Task<SubmitResponseResult> HandleAsync(
        Guid learnerId, Guid attemptId, string? attemptToken, SubmitResponseRequest request,
        CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync(db, async _ =>
        {
            var now = clock.GetUtcNow();
            Task<AnswerRead> Load(bool mayRecall) => LearnerAttempts.LoadForAnswerAsync(
                answers, db, learnerId, attemptId, attemptToken, request.QuestionId, now, mayRecall, cancellationToken);

            var read = await Load(mayRecall: true);
            try
            {
                return await AnswerAsync(read, request, now, cancellationToken);
            }
            catch (DomainException e) when (read.Recalled && e.Code != AppErrors.ConcurrencyConflictCode)
            {
                // A refusal is never decided on the store's memory alone: the attempt's row decides (decision 130).
                return await AnswerAsync(await Load(mayRecall: false), request, now, cancellationToken);
            }
        }, cancellationToken);

    private async Task<SubmitResponseResult> AnswerAsync(
        AnswerRead read, SubmitResponseRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempt = read.Attempt;
        var readVersion = attempt.Version;
        var pool = await questions.GetAsync(attempt.ExamId, cancellationToken);
        var question = pool.GetValueOrDefault(request.QuestionId) ?? throw AttemptErrors.QuestionNotInAttempt();

        var outcome = attempt.Answer(question, request.ChoiceId, request.ElapsedMs, now, options.Value.ClockTolerance);
        if (outcome != AnswerOutcome.AlreadyRecorded)
        {
            await answers.SaveAnswerAsync(attempt, readVersion, attempt.Responses[^1], cancellationToken);
            metrics.AnswerRecorded(clamped: outcome == AnswerOutcome.RecordedClamped, recalled: read.Recalled);
        }

        if (outcome == AnswerOutcome.RecordedClamped)
        {
            logger.LogWarning(
                "Attempt {AttemptId} flagged for review: elapsedMs {ElapsedMs} for question {QuestionId} ran ahead of the server clock",
                attempt.Id, request.ElapsedMs, request.QuestionId);
        }

        var answered = attempt.AnsweredCount;
        return new SubmitResponseResult(
            request.QuestionId, outcome == AnswerOutcome.AlreadyRecorded, answered, attempt.QuestionOrder.Length - answered);
    }
}
