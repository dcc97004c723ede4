using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Application.Rewards;

public static class LearnerRewards
{
    /// <summary>
    /// A learner's rewards that they may know of: those of published exams. A reward written by the ranking says where
    /// its learner placed, so before the results are out it is "not found", like the exam's final board.
    /// </summary>
    public static IQueryable<Reward> VisibleTo(this IQueryable<Reward> rewards, ILearningDb db, Guid learnerId) =>
        rewards.Where(r => r.LearnerId == learnerId
            && db.Exams.Any(e => e.Id == r.ExamId && e.RankingStatus == ExamRankingStatus.Published));
}
