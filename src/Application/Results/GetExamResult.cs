using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Exams;
using System.Text.Json.Serialization;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Results;

/// <summary>A learner's prize: coins (already credited) or a coupon reward to claim, with its status.</summary>
public sealed record PrizeDto(long? Coins, Guid? RewardId, RewardStatus? RewardStatus);

/// <summary>PENDING until a contest is published, then PUBLISHED; a practice exam's result is PRACTICE.</summary>
public enum ResultStatus
{
    Pending,
    Published,
    Practice,
    Cancelled,
}

/// <summary>A line of the final screen's top 3 or neighbours; <see cref="DisplayName"/> is null when the learner has none.</summary>
public sealed record StandingDto(int Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, string? DisplayName);

/// <summary>
/// The final screen (the result notification's deeplink). PENDING until the exam is published: how far the learner
/// got, nothing about the score. PUBLISHED: rank, score, prize and reward status, the top 3 and the learner's neighbours.
/// Fields that do not apply are left out. <see cref="Rank"/> is absent for a published exam in which the learner was not ranked (an invalidated attempt).
/// <see cref="Answers"/>: once published (and for practice), each question of the shown attempt with your choice, the
/// right one and its explanation.
/// </summary>
public sealed record ExamResultDto(
    Guid ExamId,
    Guid AttemptId,
    ResultStatus Status,
    int Answered,
    int TotalQuestions,
    DateTimeOffset FinishedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Rank = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Position = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? TotalElapsedMs = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Participants = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PrizeDto? Prize = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StandingDto>? Top = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StandingDto>? Neighbours = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AnswerFeedbackDto>? Answers = null);

public sealed class GetExamResult(ILearningDb db, AnswerReview review)
{
    public const int TopCount = 3;
    public const int NeighbourRadius = 2;

    public async Task<ExamResultDto> HandleAsync(Guid learnerId, Guid examId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.AsNoTracking().VisibleToLearners().Where(e => e.Id == examId)
            .Select(e => new { e.Mode, e.RankingStatus, Participants = e.Economics == null ? (int?)null : e.Economics.Participants })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();

        var result = await FirstAttemptAsync(
            db.Results.Where(r => r.ExamId == examId && r.LearnerId == learnerId).OrderByDescending(r => r.FinishedAt),
            cancellationToken) ?? throw AppErrors.ResultNotFound();

        var pending = new ExamResultDto(examId, result.AttemptId, ResultStatus.Pending, result.Answered, result.TotalQuestions, result.FinishedAt);
        if (exam.Mode == ExamMode.Practice)
        {
            // Practice: the latest attempt's score, as its completion showed it; no rank, no prize.
            return pending with
            {
                Status = ResultStatus.Practice, Score = result.Score, TotalElapsedMs = result.TotalElapsedMs,
                Answers = await review.ForAsync(result.AttemptId, cancellationToken),
            };
        }

        if (exam.RankingStatus == ExamRankingStatus.Cancelled)
        {
            // Never ranked: no score either (the answers stay the learner's own, as while PENDING).
            return pending with { Status = ResultStatus.Cancelled };
        }

        if (exam.RankingStatus != ExamRankingStatus.Published)
        {
            return pending;
        }

        var published = pending with { Status = ResultStatus.Published, Participants = exam.Participants };
        var mine = await db.Standings.AsNoTracking().SingleOrDefaultAsync(s => s.ExamId == examId && s.LearnerId == learnerId, cancellationToken);
        if (mine is null)
        {
            return published with { Answers = await review.ForAsync(result.AttemptId, cancellationToken) };
        }

        var lines = await db.Standings.AsNoTracking()
            .Where(s => s.ExamId == examId &&
                        (s.Position <= TopCount || (s.Position >= mine.Position - NeighbourRadius && s.Position <= mine.Position + NeighbourRadius)))
            .OrderBy(s => s.Position)
            // The names in the same query (by the learners' primary key), read afresh each time.
            .Select(s => new StandingDto(s.Position, s.Rank, s.LearnerId, s.Score, s.TotalElapsedMs,
                db.Learners.Where(l => l.Id == s.LearnerId).Select(l => l.DisplayName).FirstOrDefault()))
            .ToListAsync(cancellationToken);

        PrizeDto? prize = null;
        if (mine.PrizeCoins is { } coins)
        {
            prize = new PrizeDto(coins, null, null);
        }
        else if (mine.CouponCampaignId is not null)
        {
            var reward = await db.Rewards.AsNoTracking().Where(r => r.ExamId == examId && r.LearnerId == learnerId)
                .Select(r => new { r.Id, r.Status }).SingleOrDefaultAsync(cancellationToken);
            prize = new PrizeDto(null, reward?.Id, reward?.Status);
        }

        // With several attempts the ranked result is the learner's best, not necessarily the latest: show that one.
        var ranked = (await FirstAttemptAsync(db.Results.Where(r => r.Id == mine.ResultId), cancellationToken))!;

        return published with
        {
            AttemptId = ranked.AttemptId,
            Answered = ranked.Answered,
            TotalQuestions = ranked.TotalQuestions,
            FinishedAt = ranked.FinishedAt,
            Rank = mine.Rank,
            Position = mine.Position,
            Score = mine.Score,
            TotalElapsedMs = mine.TotalElapsedMs,
            Prize = prize,
            Top = [.. lines.Where(l => l.Position <= TopCount)],
            Neighbours = [.. lines.Where(l => Math.Abs(l.Position - mine.Position) <= NeighbourRadius)],
            Answers = await review.ForAsync(ranked.AttemptId, cancellationToken),
        };
    }

    private sealed record AttemptLine(Guid AttemptId, int Answered, int TotalQuestions, DateTimeOffset FinishedAt, int Score, long TotalElapsedMs);

    /// <summary>The first of <paramref name="results"/> with how far its attempt got.</summary>
    private Task<AttemptLine?> FirstAttemptAsync(IQueryable<Domain.Attempts.ExamResult> results, CancellationToken cancellationToken) =>
        results.AsNoTracking()
            .Select(r => new AttemptLine(
                r.AttemptId, r.Answered, db.Attempts.Where(a => a.Id == r.AttemptId).Select(a => a.QuestionOrder.Length).First(), r.FinishedAt,
                r.Score, r.TotalElapsedMs))
            .FirstOrDefaultAsync(cancellationToken);
}
