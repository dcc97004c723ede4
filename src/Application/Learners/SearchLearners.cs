using FluentValidation;

namespace LearningPlatform.Application.Learners;

/// <summary>A learner as the lookup lists them: the id and the name boards show.</summary>
public sealed record LearnerSummaryDto(Guid LearnerId, string DisplayName, DateTimeOffset UpdatedAt);

/// <summary><c>?search=</c>: a learner id, or a part of a display name (2..100 characters).</summary>
public sealed record LearnerSearchQuery(string? Search)
{
    public const int MinLength = 2;
    public const int MaxLength = 100;
}

internal sealed class LearnerSearchQueryValidator : AbstractValidator<LearnerSearchQuery>
{
    public LearnerSearchQueryValidator() =>
        RuleFor(q => q.Search).NotEmpty().Must(s => s is null || s.Trim().Length >= LearnerSearchQuery.MinLength)
            .WithMessage($"search has {LearnerSearchQuery.MinLength}..{LearnerSearchQuery.MaxLength} characters: a learner id or a part of a name.")
            .MaximumLength(LearnerSearchQuery.MaxLength);
}

/// <summary>The learners whose names the LearningDB holds, by name (any part of it, any case).</summary>
public interface ILearnerSearch
{
    /// <summary>Learners whose display name contains <paramref name="text"/> (case-insensitive), by name then id.</summary>
    Task<IReadOnlyList<LearnerSummaryDto>> ByNameAsync(string text, long offset, int limit, CancellationToken cancellationToken);

    /// <summary>The learner of this id, if the LearningDB holds a name for them.</summary>
    Task<LearnerSummaryDto?> ByIdAsync(Guid learnerId, CancellationToken cancellationToken);
}

/// <summary>
/// The admin's learner lookup: a search that is a learner id finds that learner (if a name is known), anything else
/// matches display names. E-mail addresses are not searchable: they stay with the token server (see the decisions).
/// </summary>
public sealed class SearchLearners(ILearnerSearch search)
{
    public async Task<IReadOnlyList<LearnerSummaryDto>> HandleAsync(LearnerSearchQuery query, long offset, int limit, CancellationToken cancellationToken)
    {
        var text = query.Search!.Trim();
        if (Guid.TryParse(text, out var id))
        {
            return offset == 0 && await search.ByIdAsync(id, cancellationToken) is { } learner ? [learner] : [];
        }

        return await search.ByNameAsync(text, offset, limit, cancellationToken);
    }
}
