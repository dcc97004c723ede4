using LearningPlatform.Application.Notifications;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

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
        return admin;
    }

    public static async Task<Accepted<BroadcastQueued>> Broadcast(BroadcastRequest request, HttpContext http, Broadcast handler, CancellationToken ct) =>
        TypedResults.Accepted((string?)null, await handler.HandleAsync(http.User.UserId(), request, ct));
}
