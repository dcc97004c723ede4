using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Exams;

/// <summary>
/// An exam as the app lists it. <c>status</c>: UPCOMING, OPEN, CLOSED (ended, waiting for the ranking), RANKING,
/// RANKED or PUBLISHED. <c>nextRankingAt</c> is when the results are expected (the first scheduled ranking run after
/// the exam closes), null once ranked and for a practice exam. <c>mode</c>: CONTEST (ranked, results when published) or
/// PRACTICE (feedback at completion, never ranked).
/// </summary>
public sealed record ExamDto(
    Guid Id, string Title, string Mode, string Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int DurationSeconds,
    int QuestionCount, bool IsPremium, int MaxAttempts, int AttemptsUsed, int AttemptsLeft, DateTimeOffset? NextRankingAt);

public sealed class GetExams(ILearningDb db, IRankingCalendar calendar, TimeProvider clock)
{
    /// <summary>How long a finished exam stays in the list.</summary>
    public static readonly TimeSpan ListedAfterClosing = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<ExamDto>> ListAsync(Guid learnerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now - ListedAfterClosing;
        var rows = await Project(db.Exams.Where(e => e.ClosesAt > since).OrderBy(e => e.OpensAt).Take(100), learnerId)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToDto(r, now))];
    }

    public async Task<ExamDto> GetAsync(Guid learnerId, Guid examId, CancellationToken cancellationToken)
    {
        var row = await Project(db.Exams.Where(e => e.Id == examId), learnerId).SingleOrDefaultAsync(cancellationToken)
            ?? throw ExamErrors.NotFound();
        return ToDto(row, clock.GetUtcNow());
    }

    private IQueryable<Row> Project(IQueryable<Exam> exams, Guid learnerId) =>
        exams.AsNoTracking().Select(e => new Row(
            e.Id, e.Title, e.Mode, e.RankingStatus, e.OpensAt, e.ClosesAt, e.DurationSeconds, e.Questions.Count, e.IsPremium,
            e.MaxAttempts, db.Attempts.Count(a => a.ExamId == e.Id && a.LearnerId == learnerId)));

    private ExamDto ToDto(Row r, DateTimeOffset now)
    {
        var status = r.Status switch
        {
            ExamRankingStatus.Open when now < r.OpensAt => "UPCOMING",
            ExamRankingStatus.Open when now < r.ClosesAt => "OPEN",
            ExamRankingStatus.Open or ExamRankingStatus.Closed => "CLOSED",
            _ => r.Status.ToString().ToUpperInvariant(),
        };
        var awaitingRanking = r.Mode == ExamMode.Contest && r.Status is ExamRankingStatus.Open or ExamRankingStatus.Closed or ExamRankingStatus.Ranking;
        DateTimeOffset? nextRanking = awaitingRanking ? calendar.NextRunAfter(r.ClosesAt > now ? r.ClosesAt : now) : null;
        return new ExamDto(r.Id, r.Title, r.Mode == ExamMode.Practice ? "PRACTICE" : "CONTEST", status, r.OpensAt, r.ClosesAt, r.DurationSeconds, r.QuestionCount, r.IsPremium,
            r.MaxAttempts, r.AttemptsUsed, Math.Max(0, r.MaxAttempts - r.AttemptsUsed), nextRanking);
    }

    private sealed record Row(
        Guid Id, string Title, ExamMode Mode, ExamRankingStatus Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int DurationSeconds,
        int QuestionCount, bool IsPremium, int MaxAttempts, int AttemptsUsed);
}
