using LearningPlatform.Domain.Ranking;
using Riok.Mapperly.Abstractions;

namespace LearningPlatform.Application.Ranking;

/// <summary>A run with its exam's re-rank flag as it is now (what the admin lists show).</summary>
public sealed class RankingRunRow
{
    public required RankingRun Run { get; init; }
    public bool ExamRerankNeeded { get; init; }
}

/// <summary>The one place a <see cref="RankingRunDto"/> is built.</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class RankingRunMapper
{
    public static partial IQueryable<RankingRunDto> ProjectToDto(this IQueryable<RankingRunRow> runs);

    [MapNestedProperties(nameof(RankingRunRow.Run))]
    private static partial RankingRunDto ToDto(RankingRunRow row);
}
