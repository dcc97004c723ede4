using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Billing;

/// <summary><c>GET /plans</c>: what can be bought, with each store's product id for the app's store sheet.</summary>
public sealed class ListPlans(ILearningDb db)
{
    public async Task<IReadOnlyList<PlanDto>> HandleAsync(CancellationToken cancellationToken) =>
        (await db.Plans.AsNoTracking().OrderBy(p => p.Code).ToListAsync(cancellationToken)).Select(p => p.ToDto()).ToList();
}
