using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Learners;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Learners;

/// <summary>
/// The caller's profile: the name they chose, else the one their token carries (what the boards will show from their
/// next attempt start on), else the one stored from an earlier token; null when none is known.
/// </summary>
public sealed class GetProfile(ILearningDb db)
{
    public async Task<ProfileDto> HandleAsync(Guid learnerId, string? tokenName, CancellationToken cancellationToken)
    {
        var stored = await db.Learners.AsNoTracking().Where(l => l.Id == learnerId)
            .Select(l => new { l.DisplayName, l.NameSource }).SingleOrDefaultAsync(cancellationToken);
        var name = stored?.NameSource == NameSource.Profile
            ? stored.DisplayName
            : DisplayNameRule.Accept(tokenName) ?? stored?.DisplayName;
        return new ProfileDto(learnerId, name);
    }
}
