using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.ExamAuthoring;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Ranking;

/// <summary><c>?scoreBuckets=&amp;timeBuckets=</c>: how finely the two charts are cut (1..100 and 1..200; defaults 20 and 24).</summary>
public sealed record RankingStatisticsQuery(int? ScoreBuckets, int? TimeBuckets)
{
    public const int MaxScoreBuckets = 100;
    public const int MaxTimeBuckets = 200;
}

internal sealed class RankingStatisticsQueryValidator : AbstractValidator<RankingStatisticsQuery>
{
    public RankingStatisticsQueryValidator()
    {
        RuleFor(q => q.ScoreBuckets).InclusiveBetween(1, RankingStatisticsQuery.MaxScoreBuckets);
        RuleFor(q => q.TimeBuckets).InclusiveBetween(1, RankingStatisticsQuery.MaxTimeBuckets);
    }
}

/// <summary>
/// An exam's charts: <c>source</c> STANDINGS (ranked or published: the ranking's one line per learner) or RESULTS (each
/// learner's best counted result so far: while open, closed or ranking), <c>maxScore</c> (the questions' points),
/// <c>scores</c> (learners per score bucket, empty buckets included) and <c>completions</c> (per time bucket from the
/// exam's opening to its close plus one attempt's duration: results finished, and learners finishing for the first time).
/// </summary>
public sealed record RankingStatisticsDto(
    Guid ExamId, AdminExamStatus Status, StatisticsSource Source, long Participants, int MaxScore,
    IReadOnlyList<ScoreBucket> Scores, IReadOnlyList<CompletionBucket> Completions);

public enum StatisticsSource
{
    Standings,
    Results,
}

/// <summary>The score distribution and participants over time of one exam, for the rankings screen's charts.</summary>
public sealed class GetRankingStatistics(ILearningReadDb db, IRankingStatistics statistics, TimeProvider clock)
{
    public async Task<RankingStatisticsDto> HandleAsync(Guid examId, RankingStatisticsQuery query, CancellationToken cancellationToken)
    {
        var exam = await db.Exams
            .Where(e => e.Id == examId)
            .Select(e => new { e.RankingStatus, e.OpensAt, e.ClosesAt, e.DurationSeconds, MaxScore = e.Questions.Sum(q => q.Points) })
            .FirstOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();

        var fromStandings = exam.RankingStatus is ExamRankingStatus.Ranked or ExamRankingStatus.Published;
        var scoreBuckets = Math.Min(query.ScoreBuckets ?? 20, exam.MaxScore + 1);
        // Whole points per bucket, so that every bucket reads "from..to" and the last one ends at the maximum.
        var width = (exam.MaxScore + scoreBuckets) / scoreBuckets;
        scoreBuckets = (exam.MaxScore + width) / width;
        var scoreCounts = await statistics.ScoreCountsAsync(examId, fromStandings, width, scoreBuckets, cancellationToken);
        var scores = Enumerable.Range(0, scoreBuckets)
            .Select(b => new ScoreBucket(b * width, Math.Min(exam.MaxScore, (b + 1) * width - 1), scoreCounts.GetValueOrDefault(b)))
            .ToList();

        var timeBuckets = query.TimeBuckets ?? 24;
        var from = exam.OpensAt;
        var to = exam.ClosesAt + TimeSpan.FromSeconds(exam.DurationSeconds);
        var step = (to - from) / timeBuckets;
        var completionCounts = await statistics.CompletionCountsAsync(examId, from, to, timeBuckets, cancellationToken);
        var completions = Enumerable.Range(0, timeBuckets)
            .Select(b =>
            {
                var (done, first) = completionCounts.GetValueOrDefault(b);
                return new CompletionBucket(from + step * b, b == timeBuckets - 1 ? to : from + step * (b + 1), done, first);
            })
            .ToList();

        return new RankingStatisticsDto(
            examId, AdminExamMapping.StatusAt(exam.RankingStatus, exam.OpensAt, exam.ClosesAt, clock.GetUtcNow()),
            fromStandings ? StatisticsSource.Standings : StatisticsSource.Results,
            await statistics.ParticipantsAsync(examId, fromStandings, cancellationToken), exam.MaxScore, scores, completions);
    }
}
