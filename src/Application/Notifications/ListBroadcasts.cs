using System.Text.Json;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Notifications;

/// <summary>
/// One push to a topic: an admin's broadcast (<c>type</c> admin.broadcast, <c>sentBy</c> the admin) or the one a publish
/// sends. <c>status</c> PENDING (queued or retrying), SENT (with the dispatch record: <c>dispatchedAt</c>,
/// <c>providerMessageId</c>) or DEAD_LETTERED (<c>lastError</c>).
/// </summary>
public sealed record BroadcastDto(
    Guid MessageId, string Type, string Topic, string? Title, string? Body, string? Deeplink, Guid? SentBy, OutboxStatus Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DispatchedAt, string? ProviderMessageId, string? LastError);

/// <summary>The broadcast history: topic messages of the outbox, newest first, each with its dispatch record once sent.</summary>
public sealed class ListBroadcasts(ILearningDb db)
{
    public async Task<IReadOnlyList<BroadcastDto>> HandleAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        var rows = await (
                from m in db.Outbox.AsNoTracking()
                where m.Topic != null
                orderby m.CreatedAt descending, m.Id descending
                select new
                {
                    Message = m,
                    Dispatch = db.Dispatches.Where(d => d.OutboxMessageId == m.Id).Select(d => new { d.SentAt, d.ProviderMessageId }).FirstOrDefault(),
                })
            .Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r =>
        {
            var payload = Read(r.Message.Payload);
            return new BroadcastDto(
                r.Message.Id, r.Message.Type, r.Message.Topic!, payload.Title, payload.Body, payload.Deeplink, payload.SentBy, r.Message.Status,
                r.Message.Attempts, r.Message.CreatedAt, r.Dispatch?.SentAt ?? r.Message.SentAt, r.Dispatch?.ProviderMessageId, r.Message.LastError);
        })];
    }

    private static (string? Title, string? Body, string? Deeplink, Guid? SentBy) Read(string json)
    {
        try
        {
            var payload = PushPayload.FromJson(json);
            return (payload.Title, payload.Body, payload.Deeplink,
                Guid.TryParse(payload.Data.GetValueOrDefault("sentBy"), out var admin) ? admin : null);
        }
        catch (JsonException)
        {
            // A payload the dispatcher could not read either (it dead-letters it): listed without its text.
            return (null, null, null, null);
        }
    }
}
