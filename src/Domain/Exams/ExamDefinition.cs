using LearningPlatform.Domain.Ranking;

namespace LearningPlatform.Domain.Exams;

/// <summary>
/// One line of an exam's questions, as the admin writes it: a bank question (pinned at its current version when the
/// exam is scheduled, or at <see cref="Version"/>), or <see cref="Count"/> questions drawn from a pool then.
/// </summary>
public sealed record ExamItem(Guid? QuestionId, int? Version, Guid? PoolId, int? Count)
{
    public bool IsDraw => PoolId is not null;

    public static ExamItem Fixed(Guid questionId, int? version = null) => new(questionId, version, null, null);

    public static ExamItem Draw(Guid poolId, int count) => new(null, null, poolId, count);
}

/// <summary>Everything an admin sets on an exam while it is a draft.</summary>
public sealed record ExamDefinition(
    string Title,
    string? Description,
    ExamMode Mode,
    DateTimeOffset OpensAt,
    DateTimeOffset ClosesAt,
    TimeSpan Duration,
    int MaxAttempts,
    bool IsPremium,
    long EntryFee,
    int RakeBasisPoints,
    long GuaranteedPool,
    PrizeTable Prizes,
    IReadOnlyList<ExamItem> Items);

/// <summary>A bank question version as an exam pins it: copied onto the exam when it is scheduled.</summary>
public sealed record PinnedQuestion(
    Guid VersionId, string Stem, int Points, string? Explanation, IReadOnlyList<(string Text, bool IsCorrect)> Choices);
