using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.Audit;

/// <summary>Records an admin change in the audit log; saved with the change itself by the caller's SaveChanges.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public static void Record(
        this ILearningDb db, Guid actorId, string action, AuditEntity entity, Guid entityId, DateTimeOffset at, object? details = null) =>
        db.AuditEntries.Add(AuditEntry.Record(
            actorId, action, entity, entityId, at, details is null ? null : JsonSerializer.Serialize(details, DetailsJson)));
}
