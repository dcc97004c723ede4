using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>Ranks <c>fromRank..toRank</c> each win <c>coins</c>, or one coupon reward of <c>couponCampaignId</c>.</summary>
public sealed record PrizeTierRequest(int FromRank, int ToRank, long? Coins, Guid? CouponCampaignId);

/// <summary>A bank question (<c>questionId</c>, optional <c>version</c>: else the current one when scheduled) or a draw (<c>poolId</c>, <c>count</c>).</summary>
public sealed record ExamItemRequest(Guid? QuestionId, int? Version, Guid? PoolId, int? Count);

/// <summary>
/// An exam as an admin defines it. <c>mode</c> CONTEST (default) or PRACTICE; times in ISO 8601 with an offset;
/// <c>durationSeconds</c> 1..86400; <c>maxAttempts</c> 1..100 (default 1); <c>entryFee</c> and <c>guaranteedPool</c>
/// in coins; <c>rakeBasisPoints</c> 0..10000; <c>tieRule</c> SHARE_EQUALLY (default) or EACH_FULL; <c>prizes</c> tiers
/// covering ranks 1..n; <c>items</c> up to 200 (questions pinned and draws made when the exam is scheduled).
/// </summary>
public sealed record ExamRequest(
    string? Title,
    [property: Multiline] string? Description,
    ExamMode? Mode,
    DateTimeOffset? OpensAt,
    DateTimeOffset? ClosesAt,
    int? DurationSeconds,
    int? MaxAttempts,
    bool? Premium,
    long? EntryFee,
    int? RakeBasisPoints,
    long? GuaranteedPool,
    TieRule? TieRule,
    List<PrizeTierRequest>? Prizes,
    List<ExamItemRequest>? Items)
{
    public const int MaxAttemptsLimit = 100;
    public const long MaxCoins = 1_000_000_000;

    internal ExamDefinition ToDefinition() => new(
        Title!, Description, Mode ?? ExamMode.Contest, OpensAt!.Value, ClosesAt!.Value, TimeSpan.FromSeconds(DurationSeconds!.Value),
        MaxAttempts ?? 1, Premium ?? false, EntryFee ?? 0, RakeBasisPoints ?? 0, GuaranteedPool ?? 0,
        Prizes is null or [] ? PrizeTable.Empty : PrizeTable.Create(TieRule ?? Domain.Ranking.TieRule.ShareEqually,
            [.. Prizes.Select(p => new PrizeTier(p.FromRank, p.ToRank, new Prize(p.Coins ?? 0, p.CouponCampaignId)))]),
        [.. (Items ?? []).Select(i => new ExamItem(i.QuestionId, i.Version, i.PoolId, i.Count))]);
}

/// <summary>An extension: the new close, later than the current one.</summary>
public sealed record ExtendExamRequest(DateTimeOffset? ClosesAt);

/// <summary>
/// Where an exam stands for an admin: DRAFT, SCHEDULED (questions pinned, window not begun), OPEN, CLOSED (ended,
/// waiting for the ranking), RANKING, RANKED, PUBLISHED, CANCELLED.
/// </summary>
public enum AdminExamStatus
{
    Draft,
    Scheduled,
    Open,
    Closed,
    Ranking,
    Ranked,
    Published,
    Cancelled,
}

public sealed record PrizeTierDto(int FromRank, int ToRank, long Coins, Guid? CouponCampaignId);

public sealed record ExamItemDto(Guid? QuestionId, int? Version, Guid? PoolId, int? Count);

/// <summary><c>rerankNeeded</c>: an attempt was invalidated after the ranking; rerun it (POST /rankings/{examId}/rerun) before publishing.</summary>
public sealed record AdminExamDto(
    Guid Id, string Title, string? Description, ExamMode Mode, AdminExamStatus Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
    int DurationSeconds, int MaxAttempts, bool Premium, long EntryFee, int RakeBasisPoints, long GuaranteedPool, TieRule TieRule,
    IReadOnlyList<PrizeTierDto> Prizes, IReadOnlyList<ExamItemDto> Items, int QuestionCount, DateTimeOffset CreatedAt, DateTimeOffset? ScheduledAt,
    bool RerankNeeded);

/// <summary>A question as a learner would see it, with what only an admin sees: the right choice, the source version, the explanation.</summary>
public sealed record PreviewQuestionDto(
    int Number, Guid? SourceVersionId, string Stem, int Points, string? Explanation, IReadOnlyList<PreviewChoiceDto> Choices);

public sealed record PreviewChoiceDto(string Text, bool Correct);

/// <summary><c>pinned</c>: true for a scheduled exam (exactly what learners get); false for a draft (one sample draw, not kept).</summary>
public sealed record ExamPreviewDto(Guid ExamId, bool Pinned, IReadOnlyList<PreviewQuestionDto> Questions);

internal static class AdminExamMapping
{
    public static AdminExamStatus StatusAt(ExamRankingStatus status, DateTimeOffset opensAt, DateTimeOffset closesAt, DateTimeOffset now) =>
        status switch
        {
            ExamRankingStatus.Draft => AdminExamStatus.Draft,
            ExamRankingStatus.Open when now < opensAt => AdminExamStatus.Scheduled,
            ExamRankingStatus.Open when now < closesAt => AdminExamStatus.Open,
            ExamRankingStatus.Open or ExamRankingStatus.Closed => AdminExamStatus.Closed,
            ExamRankingStatus.Ranking => AdminExamStatus.Ranking,
            ExamRankingStatus.Ranked => AdminExamStatus.Ranked,
            ExamRankingStatus.Cancelled => AdminExamStatus.Cancelled,
            _ => AdminExamStatus.Published,
        };

    public static AdminExamDto ToAdminDto(this Exam e, int questionCount, DateTimeOffset now) => new(
        e.Id, e.Title, e.Description, e.Mode, StatusAt(e.RankingStatus, e.OpensAt, e.ClosesAt, now), e.OpensAt, e.ClosesAt, e.DurationSeconds,
        e.MaxAttempts, e.IsPremium, e.EntryFee, e.RakeBasisPoints, e.GuaranteedPool, e.Prizes.Rule,
        [.. e.Prizes.Tiers.Select(t => new PrizeTierDto(t.FromRank, t.ToRank, t.Prize.Coins, t.Prize.CouponCampaignId))],
        [.. e.Items.Select(i => new ExamItemDto(i.QuestionId, i.Version, i.PoolId, i.Count))], questionCount, e.CreatedAt, e.ScheduledAt,
        e.RerankNeeded);
}

internal sealed class ExamRequestValidator : AbstractValidator<ExamRequest>
{
    public ExamRequestValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(Exam.MaxTitleLength);
        RuleFor(r => r.Description).MaximumLength(Exam.MaxDescriptionLength);
        RuleFor(r => r.OpensAt).NotNull();
        RuleFor(r => r.ClosesAt).NotNull().GreaterThan(r => r.OpensAt).When(r => r.OpensAt is not null)
            .WithMessage("closesAt must be after opensAt.");
        RuleFor(r => r.DurationSeconds).NotNull().InclusiveBetween(1, (int)Exam.MaxDuration.TotalSeconds);
        RuleFor(r => r.MaxAttempts).InclusiveBetween(1, ExamRequest.MaxAttemptsLimit);
        RuleFor(r => r.EntryFee).InclusiveBetween(0, ExamRequest.MaxCoins);
        RuleFor(r => r.GuaranteedPool).InclusiveBetween(0, ExamRequest.MaxCoins);
        RuleFor(r => r.RakeBasisPoints).InclusiveBetween(0, 10_000);
        RuleFor(r => r.Prizes).Must(p => p is null || p.Count <= 100).WithMessage("At most 100 prize tiers.");
        RuleForEach(r => r.Prizes).ChildRules(tier =>
        {
            tier.RuleFor(t => t.FromRank).InclusiveBetween(1, 1_000_000);
            tier.RuleFor(t => t.ToRank).InclusiveBetween(1, 1_000_000).GreaterThanOrEqualTo(t => t.FromRank);
            tier.RuleFor(t => t.Coins).InclusiveBetween(1, ExamRequest.MaxCoins);
            tier.RuleFor(t => t).Must(t => (t.Coins is null) != (t.CouponCampaignId is null))
                .WithName("prize").WithMessage("A tier wins either coins or a coupon campaign's reward.");
        });
        RuleFor(r => r.Items).Must(i => i is null || i.Count <= Exam.MaxQuestions).WithMessage($"At most {Exam.MaxQuestions} items.");
        RuleForEach(r => r.Items).ChildRules(item =>
        {
            item.RuleFor(i => i).Must(i => (i.QuestionId is null) != (i.PoolId is null))
                .WithName("item").WithMessage("An item is a questionId (and optional version) or a poolId and count.");
            item.RuleFor(i => i.Version).GreaterThanOrEqualTo(1);
            item.RuleFor(i => i.Version).Null().When(i => i.PoolId is not null).WithMessage("A draw has no version.");
            item.RuleFor(i => i.Count).NotNull().InclusiveBetween(1, Exam.MaxQuestions).When(i => i.PoolId is not null);
            item.RuleFor(i => i.Count).Null().When(i => i.QuestionId is not null).WithMessage("A question item has no count.");
        });
    }
}

internal sealed class ExtendExamRequestValidator : AbstractValidator<ExtendExamRequest>
{
    public ExtendExamRequestValidator() => RuleFor(r => r.ClosesAt).NotNull();
}
