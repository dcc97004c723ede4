using LearningPlatform.Domain.Ranking;
using Riok.Mapperly.Abstractions;

namespace LearningPlatform.Application.Ranking;

/// <summary>The one place a <see cref="RankingRunDto"/> is built.</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class RankingRunMapper
{
    public static partial RankingRunDto ToDto(this RankingRun run);

    public static partial IQueryable<RankingRunDto> ProjectToDto(this IQueryable<RankingRun> runs);
}
