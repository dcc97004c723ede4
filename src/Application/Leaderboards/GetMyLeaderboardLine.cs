using LearningPlatform.Application.Learners;
using LearningPlatform.Domain.Exams;

namespace LearningPlatform.Application.Leaderboards;

/// <summary>As <see cref="LeaderboardPageDto"/>; <c>me</c> is null while the board shows only a count.</summary>
public sealed record MyStandingDto(
    Guid ExamId, bool Final, BoardVisibility Visibility, long Total, LeaderboardEntry? Me, IReadOnlyList<LeaderboardEntry> Neighbours);

/// <summary>The caller's line on an exam's board with up to <see cref="Neighbours"/> lines on each side, with the learners' names.</summary>
public sealed class GetMyLeaderboardLine(
    LeaderboardReader reader, ILeaderboardCache cache, Lazy<LeaderboardRebuild> database, ILearnerNames names)
{
    public const int Neighbours = 5;

    public async Task<MyStandingDto> HandleAsync(Guid examId, Guid learnerId, CancellationToken cancellationToken)
    {
        LeaderboardEntry? me = null;
        var (visibility, slice) = await reader.ReadAsync(examId,
            async () =>
            {
                var around = await cache.AroundAsync(examId, learnerId, Neighbours, cancellationToken);
                if (around is { PositionUnknown: true })
                {
                    // A final board in Redis is only the lines (decision 132): the position comes from the standings, the
                    // window from Redis. Not on the board: the total and no lines, as from the cache.
                    var position = await database.Value.FinalPositionAsync(examId, learnerId, cancellationToken);
                    if (position is not { } at)
                    {
                        return around.Slice;
                    }

                    var start = Math.Max(1, at - Neighbours);
                    var window = await cache.PageAsync(examId, start - 1, (int)(at + Neighbours - start + 1), cancellationToken);
                    me = window?.Entries.FirstOrDefault(e => e.LearnerId == learnerId);
                    return window;
                }

                me = around?.Me;
                return around?.Slice;
            },
            async final =>
            {
                var fromDb = await database.Value.AroundAsync(examId, final, learnerId, Neighbours, cancellationToken);
                me = fromDb.Entries.FirstOrDefault(e => e.LearnerId == learnerId);
                return fromDb;
            },
            cancellationToken);
        if (visibility == BoardVisibility.CountOnly)
        {
            return new MyStandingDto(examId, false, visibility, slice.Total, null, []);
        }

        // The caller's line is one of the neighbours' lines: one lookup names them all.
        var named = await names.NameAsync(cache, examId, slice, cancellationToken);
        return new MyStandingDto(examId, slice.Final, visibility, slice.Total,
            me is null ? null : named.FirstOrDefault(e => e.LearnerId == learnerId) ?? me, named);
    }
}
