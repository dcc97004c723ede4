using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

public sealed class ListPools(ILearningDb db)
{
    public async Task<IReadOnlyList<PoolDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        var pools = await db.QuestionPools.AsNoTracking().OrderBy(p => p.Name).ThenBy(p => p.Id).Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
        var dtos = new List<PoolDto>(pools.Count);
        foreach (var pool in pools)
        {
            // One count per pool: a page has at most 100, and each count is an index lookup on the bank.
            dtos.Add(await pool.ToDtoAsync(db, cancellationToken));
        }

        return dtos;
    }
}
