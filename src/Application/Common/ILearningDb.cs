using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Common;

/// <summary>The LearningDB as the use cases see it: the sets they need and one unit of work.</summary>
public interface ILearningDb
{
    DbSet<Exam> Exams { get; }
    DbSet<Question> Questions { get; }
    DbSet<Attempt> Attempts { get; }
    DbSet<ExamResult> Results { get; }
    DbSet<Subscription> Subscriptions { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets every tracked entity, so a retry reads the rows afresh.</summary>
    void Reset();
}
