using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Learners;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Learners;

public sealed record UpdateProfileRequest(string? DisplayName);

internal sealed class UpdateProfileRequestValidator : AbstractValidator<UpdateProfileRequest>
{
    public UpdateProfileRequestValidator() =>
        RuleFor(r => r.DisplayName).Custom((name, context) =>
        {
            if (DisplayNameRule.Problem(name) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
}

/// <summary>
/// The learner names themselves: the name is theirs from now on (<see cref="NameSource.Profile"/>), and no token's
/// <c>name</c> replaces it. Boards and the final screen show it at their next read, on every instance (once the save
/// committed, the new name is set beside the learner's boards in Redis: decision 134).
/// </summary>
public sealed class UpdateProfile(ILearningDb db, TimeProvider clock, ILogger<UpdateProfile> logger)
{
    public async Task<ProfileDto> HandleAsync(Guid learnerId, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        // A concurrent attempt start that creates or renames the row wins its race on the key or the row version;
        // the retry re-reads it and applies the learner's choice on top.
        var learner = await ConcurrencyRetry.RunAsync(db, async _ =>
        {
            var now = clock.GetUtcNow();
            var learner = await db.Learners.SingleOrDefaultAsync(l => l.Id == learnerId, cancellationToken);
            if (learner is null)
            {
                learner = Learner.FromProfile(learnerId, request.DisplayName!, now);
                db.Learners.Add(learner);
            }
            else
            {
                learner.Rename(request.DisplayName!, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return learner;
        }, cancellationToken);

        logger.LogInformation("Learner {LearnerId} set their display name", learnerId);
        return new ProfileDto(learner.Id, learner.DisplayName);
    }
}
