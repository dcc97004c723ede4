using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Exams;

/// <summary>Where an exam stands for the app: its window, then the ranking's progress.</summary>
public enum ExamPhase
{
    Upcoming,
    Open,
    Closed,
    Ranking,
    Ranked,
    Published,
    Cancelled,
}

/// <summary>
/// An exam as the app lists it. <c>status</c>: UPCOMING, OPEN, CLOSED (ended, waiting for the ranking), RANKING,
/// RANKED, PUBLISHED or CANCELLED (never ranked; entry fees refunded). <c>nextRankingAt</c> is when the results are expected (the first scheduled ranking run after
/// the exam closes), null once ranked and for a practice exam. <c>mode</c>: CONTEST (ranked, results when published) or
/// PRACTICE (feedback at completion, never ranked). <c>entryFee</c>: the coins your first attempt costs (0: free).
/// </summary>
public sealed record ExamDto(
    Guid Id, string Title, ExamMode Mode, ExamPhase Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int DurationSeconds,
    int QuestionCount, bool IsPremium, int MaxAttempts, int AttemptsUsed, int AttemptsLeft, DateTimeOffset? NextRankingAt, long EntryFee);

/// <summary>The exams as the app sees them: one projection (with the caller's attempts) and one mapping to <see cref="ExamDto"/>.</summary>
public sealed class ExamCatalog(ILearningDb db, IRankingCalendar calendar, TimeProvider clock)
{
    public async Task<IReadOnlyList<ExamDto>> ListAsync(IQueryable<Exam> exams, Guid learnerId, CancellationToken cancellationToken)
    {
        var rows = await Project(exams, learnerId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => ToDto(r, now))];
    }

    private IQueryable<Row> Project(IQueryable<Exam> exams, Guid learnerId) =>
        exams.AsNoTracking().Select(e => new Row(
            e.Id, e.Title, e.Mode, e.RankingStatus, e.OpensAt, e.ClosesAt, e.DurationSeconds, e.Questions.Count, e.IsPremium,
            e.MaxAttempts, db.Attempts.Count(a => a.ExamId == e.Id && a.LearnerId == learnerId), e.EntryFee));

    private ExamDto ToDto(Row r, DateTimeOffset now)
    {
        var status = r.Status switch
        {
            ExamRankingStatus.Open when now < r.OpensAt => ExamPhase.Upcoming,
            ExamRankingStatus.Open when now < r.ClosesAt => ExamPhase.Open,
            ExamRankingStatus.Open or ExamRankingStatus.Closed => ExamPhase.Closed,
            ExamRankingStatus.Ranking => ExamPhase.Ranking,
            ExamRankingStatus.Ranked => ExamPhase.Ranked,
            ExamRankingStatus.Cancelled => ExamPhase.Cancelled,
            _ => ExamPhase.Published,
        };
        var awaitingRanking = r.Mode == ExamMode.Contest && r.Status is ExamRankingStatus.Open or ExamRankingStatus.Closed or ExamRankingStatus.Ranking;
        DateTimeOffset? nextRanking = awaitingRanking ? calendar.NextRunAfter(r.ClosesAt > now ? r.ClosesAt : now) : null;
        return new ExamDto(r.Id, r.Title, r.Mode, status, r.OpensAt, r.ClosesAt, r.DurationSeconds, r.QuestionCount, r.IsPremium,
            r.MaxAttempts, r.AttemptsUsed, Math.Max(0, r.MaxAttempts - r.AttemptsUsed), nextRanking, r.EntryFee);
    }

    private sealed record Row(
        Guid Id, string Title, ExamMode Mode, ExamRankingStatus Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int DurationSeconds,
        int QuestionCount, bool IsPremium, int MaxAttempts, int AttemptsUsed, long EntryFee);
}
