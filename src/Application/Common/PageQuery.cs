using FluentValidation;

namespace LearningPlatform.Application.Common;

/// <summary>
/// <c>?offset=&amp;limit=</c> of every list, bound once (<c>[AsParameters]</c>) and validated once: offset 0..10,000,000,
/// limit 1..100, else 400 <c>validation.failed</c> naming the field. Each list chooses its default limit.
/// </summary>
public sealed record PageQuery(long? Offset, int? Limit)
{
    public const long MaxOffset = 10_000_000;
    public const int MaxLimit = 100;

    public long Skip => Offset ?? 0;

    public int Take(int defaultLimit) => Limit ?? defaultLimit;
}

internal sealed class PageQueryValidator : AbstractValidator<PageQuery>
{
    public PageQueryValidator()
    {
        RuleFor(p => p.Offset).InclusiveBetween(0, PageQuery.MaxOffset);
        RuleFor(p => p.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
    }
}
