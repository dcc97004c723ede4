using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>Every exam, drafts included, newest first; optionally of one status (from the read replica).</summary>
public sealed class ListAdminExams(ILearningReadDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<AdminExamDto>> HandleAsync(string? status, long offset, int limit, CancellationToken cancellationToken)
    {
        var wanted = EnumQuery.Parse<AdminExamStatus>(status, "status");
        var now = clock.GetUtcNow();
        var exams = db.Exams;
        exams = wanted switch
        {
            null => exams,
            AdminExamStatus.Draft => exams.Where(e => e.RankingStatus == ExamRankingStatus.Draft),
            AdminExamStatus.Scheduled => exams.Where(e => e.RankingStatus == ExamRankingStatus.Open && now < e.OpensAt),
            AdminExamStatus.Open => exams.Where(e => e.RankingStatus == ExamRankingStatus.Open && e.OpensAt <= now && now < e.ClosesAt),
            AdminExamStatus.Closed => exams.Where(e => e.RankingStatus == ExamRankingStatus.Closed || (e.RankingStatus == ExamRankingStatus.Open && e.ClosesAt <= now)),
            AdminExamStatus.Ranking => exams.Where(e => e.RankingStatus == ExamRankingStatus.Ranking),
            AdminExamStatus.Ranked => exams.Where(e => e.RankingStatus == ExamRankingStatus.Ranked),
            AdminExamStatus.Cancelled => exams.Where(e => e.RankingStatus == ExamRankingStatus.Cancelled),
            _ => exams.Where(e => e.RankingStatus == ExamRankingStatus.Published),
        };
        var rows = await exams.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip((int)offset).Take(limit)
            .Select(e => new { Exam = e, Questions = e.Questions.Count })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.Exam.ToAdminDto(r.Questions, now))];
    }
}
