using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Audit;

public sealed record AuditEntryDto(
    Guid Id, DateTimeOffset At, Guid ActorId, string Action, AuditEntity Entity, Guid EntityId, JsonElement? Details);

/// <summary>The audit log, newest first, optionally of one kind of entity and one entity (from the read replica).</summary>
public sealed class ListAuditEntries(ILearningReadDb db)
{
    public async Task<IReadOnlyList<AuditEntryDto>> HandleAsync(string? entity, Guid? id, long offset, int limit, CancellationToken cancellationToken)
    {
        var kind = EnumQuery.Parse<AuditEntity>(entity, "entity");
        var rows = await db.AuditEntries
            .Where(a => kind == null || a.Entity == kind)
            .Where(a => id == null || a.EntityId == id)
            .OrderByDescending(a => a.Sequence)
            .Skip((int)offset)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(a => new AuditEntryDto(
                a.Id, a.At, a.ActorId, a.Action, a.Entity, a.EntityId,
                a.Details is null ? null : JsonDocument.Parse(a.Details).RootElement.Clone()))
            .ToList();
    }
}
