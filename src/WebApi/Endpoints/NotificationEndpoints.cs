using LearningPlatform.Application.Common;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record NotificationsResponse(IReadOnlyList<NotificationDto> Notifications);

/// <summary>The learner's inbox of personal notifications.</summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotificationEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/notifications", ListNotifications)
            .WithName("ListNotifications")
            .WithSummary("List your notifications")
            .WithDescription("Your personal notifications, newest first (limit 1..100, default 50).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapPost("/notifications/{notificationId:guid}/read", MarkNotificationRead)
            .WithName("MarkNotificationRead")
            .WithSummary("Mark a notification read")
            .WithDescription("Mark one of your notifications read (idempotent).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<NotificationsResponse>> ListNotifications(
        [AsParameters] PageQuery page, HttpContext http, ListNotifications handler, CancellationToken ct) =>
        TypedResults.Ok(new NotificationsResponse(await handler.HandleAsync(http.User.UserId(), page.Skip, page.Take(50), ct)));

    public static async Task<Ok<NotificationDto>> MarkNotificationRead(
        Guid notificationId, HttpContext http, MarkNotificationRead handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), notificationId, ct));
}
