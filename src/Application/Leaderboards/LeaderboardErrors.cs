using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Leaderboards;

public static class LeaderboardErrors
{
    public static DomainException InvalidPage(long maxOffset, int maxLimit) =>
        new("leaderboard.invalid_page", $"offset is 0..{maxOffset} and limit 1..{maxLimit}.", DomainErrorKind.Invalid);

    public static DomainException PracticeHasNoBoard() =>
        new("leaderboard.not_found", "A practice exam has no leaderboard.", DomainErrorKind.NotFound);
}
