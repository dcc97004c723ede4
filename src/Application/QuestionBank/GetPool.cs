using LearningPlatform.Application.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

public sealed class GetPool(ILearningDb db)
{
    public async Task<PoolDto> HandleAsync(Guid poolId, CancellationToken cancellationToken) =>
        await (await db.QuestionPools.AsNoTracking().SingleOrDefaultAsync(p => p.Id == poolId, cancellationToken)
            ?? throw QuestionBankErrors.PoolNotFound()).ToDtoAsync(db, cancellationToken);
}
