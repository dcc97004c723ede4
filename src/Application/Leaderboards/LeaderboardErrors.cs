using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Leaderboards;

public static class LeaderboardErrors
{
    public static DomainException PracticeHasNoBoard() =>
        new("leaderboard.not_found", "A practice exam has no leaderboard.", DomainErrorKind.NotFound);
}
