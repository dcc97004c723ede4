using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Content;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Application.Common;

/// <summary>
/// Reads that tolerate replication lag (a row written a moment ago may be missing): the published catalog and the admin
/// lists. Served by a read replica when <c>ConnectionStrings:LearningDbRead</c> is set, by the primary otherwise. A read
/// that a write depends on, or that a learner must see right after their own write, uses <see cref="ILearningDb"/>.
/// Nothing read here is tracked.
/// </summary>
public interface ILearningReadDb
{
    IQueryable<Exam> Exams { get; }
    IQueryable<RankingRun> RankingRuns { get; }
    IQueryable<AuditEntry> AuditEntries { get; }
    IQueryable<Course> Courses { get; }
    IQueryable<Lesson> Lessons { get; }
}
