using LearningPlatform.Application.Common;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record BroadcastsResponse(IReadOnlyList<BroadcastDto> Broadcasts);

/// <summary>Pushes to an FCM topic.</summary>
public static class BroadcastEndpoints
{
    public static RouteGroupBuilder MapBroadcastEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/notifications/broadcast", Broadcast)
            .WithName("Broadcast")
            .WithSummary("Broadcast a push")
            .WithDescription("Push {title, body, deeplink?} to an FCM topic (default 'all'); one message, one dispatch audit row, no rows per learner. Idempotency-Key required: a retried request is not pushed twice. title: one line; body: may hold line breaks; no other control characters.")
            .WithValidation()
            .WithIdempotency();

        admin.MapGet("/notifications/broadcasts", ListBroadcasts)
            .WithName("ListBroadcasts")
            .WithSummary("Broadcast history")
            .WithDescription("Pushes to a topic, newest first (limit 1..100, default 50): an admin's broadcast (type admin.broadcast, sentBy) or the one a publish sends (exam.results_published); title, body, deeplink, topic, status PENDING/SENT/DEAD_LETTERED, attempts, createdAt, and once sent the dispatch record (dispatchedAt, providerMessageId); lastError when it failed.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    public static async Task<Ok<BroadcastsResponse>> ListBroadcasts([AsParameters] PageQuery page, ListBroadcasts handler, CancellationToken ct) =>
        TypedResults.Ok(new BroadcastsResponse(await handler.HandleAsync(page.Skip, page.Take(50), ct)));

    public static async Task<Accepted<BroadcastQueued>> Broadcast(BroadcastRequest request, HttpContext http, Broadcast handler, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, await handler.HandleAsync(http.User.UserId(), request, ct));
}
