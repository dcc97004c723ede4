using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record AuditEntriesResponse(IReadOnlyList<AuditEntryDto> Entries);

/// <summary>The audit log: every admin change, who made it and when.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", ListAuditEntries)
            .WithName("ListAuditEntries")
            .WithSummary("Read the audit log")
            .WithDescription("Admin changes, newest first (limit 1..100, default 50): who (actorId), when, the action, the entity " +
                "(QUESTION, CATEGORY, POOL, EXAM, ATTEMPT, RANKING, REWARD, COUPON_CAMPAIGN, BROADCAST, COURSE, LESSON) and its id, and the details " +
                "of the change. Filter with ?entity= and ?id=.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    public static async Task<Ok<AuditEntriesResponse>> ListAuditEntries(
        string? entity, Guid? id, [AsParameters] PageQuery page, ListAuditEntries handler, CancellationToken ct) =>
        TypedResults.Ok(new AuditEntriesResponse(await handler.HandleAsync(entity, id, page.Skip, page.Take(50), ct)));
}
