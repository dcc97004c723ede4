using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Content;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// <see cref="ILearningReadDb"/> over a <see cref="LearningDbContext"/>: a context of its own on the replica (owned, disposed
/// with the scope), or the scope's own context on the primary when there is no replica. The same context type, so the
/// model and the migrations stay one.
/// </summary>
internal sealed class LearningReadDb(LearningDbContext context, bool ownsContext) : ILearningReadDb, IAsyncDisposable
{
    public IQueryable<Exam> Exams => context.Exams.AsNoTracking();
    public IQueryable<RankingRun> RankingRuns => context.RankingRuns.AsNoTracking();
    public IQueryable<AuditEntry> AuditEntries => context.AuditEntries.AsNoTracking();
    public IQueryable<Course> Courses => context.Courses.AsNoTracking();
    public IQueryable<Lesson> Lessons => context.Lessons.AsNoTracking();

    public ValueTask DisposeAsync() => ownsContext ? context.DisposeAsync() : ValueTask.CompletedTask;
}

/// <summary>The LearningDB's connection strings: the primary, and where lag-tolerant reads go (the replica, or the primary).</summary>
internal sealed record LearningDbConnections(string Primary, string Read)
{
    public bool HasReplica => Read != Primary;
}

/// <summary>The replica's context options, built once.</summary>
internal sealed record ReplicaContextOptions(DbContextOptions<LearningDbContext> Options);
