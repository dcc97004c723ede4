using System.Text.Json.Serialization;
using FluentValidation;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Application.Rewards;

/// <summary>A learner's reward. <see cref="CouponCode"/> is present only for the owner, once FULFILLED.</summary>
public sealed record RewardDto(
    Guid Id,
    Guid ExamId,
    Guid CouponCampaignId,
    RewardStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CouponCode = null);

/// <summary>What an admin sees: the learner, and the reserved coupon masked.</summary>
public sealed record AdminRewardDto(
    Guid Id,
    Guid LearnerId,
    Guid ExamId,
    Guid CouponCampaignId,
    RewardStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? MaskedCode);

public sealed record ModerationRequest(string? Reason);

/// <summary>
/// A reason, when given, fits the reward's record. Whether one is required depends on the move (reject and cancel), which
/// the reward itself enforces (<c>reward.reason_required</c>).
/// </summary>
internal sealed class ModerationRequestValidator : AbstractValidator<ModerationRequest>
{
    public ModerationRequestValidator() => RuleFor(r => r.Reason).MaximumLength(Reward.MaxReasonLength);
}

public sealed record CouponImportResult(Guid CampaignId, int Imported, int Duplicates, IReadOnlyList<int> DuplicateLines, IReadOnlyList<int> InvalidLines, int Available);
