using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Application.Exams;

public static class LearnerVisibleExams
{
    /// <summary>
    /// The exams a learner may know of: every one but a DRAFT. A draft is "not found" for learners (not "not open"),
    /// so an exam being written leaks nothing, not even that it exists.
    /// </summary>
    public static IQueryable<Exam> VisibleToLearners(this IQueryable<Exam> exams) =>
        exams.Where(e => e.RankingStatus != ExamRankingStatus.Draft);
}
