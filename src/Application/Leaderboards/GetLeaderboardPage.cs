using LearningPlatform.Application.Learners;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>
/// <c>visibility</c>: COUNT_ONLY while a contest is open (only <c>total</c>, no entries: any order of the learners would
/// tell a right answer from a wrong one), PROVISIONAL once its window closed, FINAL once published.
/// </summary>
public sealed record LeaderboardPageDto(
    Guid ExamId, bool Final, BoardVisibility Visibility, long Total, long Offset, int Limit, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>A page of an exam's board (<see cref="LeaderboardPageDto"/> says what it may show), with the learners' names.</summary>
public sealed class GetLeaderboardPage(
    LeaderboardReader reader, ILeaderboardCache cache, Lazy<LeaderboardRebuild> database, ILearnerNames names)
{
    public async Task<LeaderboardPageDto> HandleAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken)
    {
        var (visibility, slice) = await reader.ReadAsync(examId, () => cache.PageAsync(examId, offset, limit, cancellationToken),
            final => database.Value.PageAsync(examId, final, offset, limit, cancellationToken), cancellationToken);
        return new LeaderboardPageDto(examId, slice.Final, visibility, slice.Total, offset, limit,
            visibility == BoardVisibility.CountOnly ? [] : await names.NameAsync(cache, examId, slice, cancellationToken));
    }
}
