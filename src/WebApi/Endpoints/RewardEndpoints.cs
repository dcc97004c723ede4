using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record RewardsResponse(IReadOnlyList<RewardDto> Rewards);

public sealed record AdminRewardsResponse(IReadOnlyList<AdminRewardDto> Rewards);

public sealed record NotificationsResponse(IReadOnlyList<NotificationDto> Notifications);

public static class RewardEndpoints
{
    /// <summary>A learner's rewards, devices and inbox.</summary>
    public static RouteGroupBuilder MapLearnerRewardEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/rewards", async (HttpContext http, LearnerRewards rewards, CancellationToken ct) =>
                TypedResults.Ok(new RewardsResponse(await rewards.ListAsync(http.User.UserId(), ct))))
            .WithName("ListRewards")
            .WithSummary("List your rewards")
            .WithDescription("Your rewards, newest first. Never with a coupon code.");

        app.MapGet("/rewards/{rewardId:guid}", async (Guid rewardId, HttpContext http, LearnerRewards rewards, CancellationToken ct) =>
                TypedResults.Ok(await rewards.GetAsync(http.User.UserId(), rewardId, ct)))
            .WithName("GetReward")
            .WithSummary("Get one of your rewards")
            .WithDescription("One of your rewards; couponCode only once it is FULFILLED. Someone else's reward is 404, never 403.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/rewards/{rewardId:guid}/claim", async (Guid rewardId, HttpContext http, LearnerRewards rewards, CancellationToken ct) =>
                TypedResults.Ok(await rewards.ClaimAsync(http.User.UserId(), rewardId, ct)))
            .WithName("ClaimReward")
            .WithSummary("Claim a reward")
            .WithDescription("Claim an ASSIGNED reward (a coupon is reserved for it): REQUESTED. 409 coupon.out_of_stock when the campaign has none left. Idempotency-Key required.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPut("/devices", async (RegisterDeviceRequest request, HttpContext http, Devices devices, CancellationToken ct) =>
                TypedResults.Ok(await devices.RegisterAsync(http.User.UserId(), request, ct)))
            .WithName("RegisterDevice")
            .WithSummary("Register a device")
            .WithDescription("Register this phone's FCM token ({token, platform: ios|android}); a token moves to the newest learner who registers it.")
            .WithValidation();

        app.MapDelete("/devices/{token}", async (string token, HttpContext http, Devices devices, CancellationToken ct) =>
            {
                await devices.RemoveAsync(http.User.UserId(), token, ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveDevice")
            .WithSummary("Remove a device")
            .WithDescription("Stop pushing to this token (sign-out).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/notifications", async (int? limit, HttpContext http, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(new NotificationsResponse(await inbox.ListAsync(http.User.UserId(), limit ?? 50, ct))))
            .WithName("ListNotifications")
            .WithSummary("List your notifications")
            .WithDescription("Your personal notifications, newest first (limit 1..100, default 50).");

        app.MapPost("/notifications/{notificationId:guid}/read", async (Guid notificationId, HttpContext http, Inbox inbox, CancellationToken ct) =>
                TypedResults.Ok(await inbox.MarkReadAsync(http.User.UserId(), notificationId, ct)))
            .WithName("MarkNotificationRead")
            .WithSummary("Mark a notification read")
            .WithDescription("Mark one of your notifications read (idempotent).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static RouteGroupBuilder MapAdminRewardEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/rewards", async (string? status, int? limit, AdminRewards rewards, CancellationToken ct) =>
                TypedResults.Ok(new AdminRewardsResponse(await rewards.ListAsync(status, limit ?? 50, ct))))
            .WithName("AdminListRewards")
            .WithSummary("List rewards (admin)")
            .WithDescription("Rewards by status (ASSIGNED, REQUESTED, ...), most recently changed first; coupon codes masked.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        foreach (var (path, action) in new[]
                 {
                     ("approve", RewardAction.Approve), ("reject", RewardAction.Reject),
                     ("fulfill", RewardAction.Fulfill), ("cancel", RewardAction.Cancel),
                 })
        {
            admin.MapPost($"/rewards/{{rewardId:guid}}/{path}",
                    async (Guid rewardId, ModerationRequest? request, HttpContext http, AdminRewards rewards, CancellationToken ct) =>
                        TypedResults.Ok(await rewards.MoveAsync(rewardId, action, http.User.UserId(), request?.Reason, ct)))
                .WithName($"AdminRewards{action}")
                .WithSummary($"{action} a reward")
                .WithDescription((action is RewardAction.Reject or RewardAction.Cancel
                        ? $"{action} a reward; body {{\"reason\": \"...\"}} required (one line, no control characters)."
                        : $"{action} a reward.") +
                    " The move is recorded (who, when, why) and the learner notified; two admins at once get one 200 and one 409 reward.invalid_transition.")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        admin.MapPost("/notifications/broadcast", async (BroadcastRequest request, HttpContext http, Broadcast broadcast, CancellationToken ct) =>
                TypedResults.Accepted((string?)null, await broadcast.HandleAsync(http.User.UserId(), request, ct)))
            .WithName("Broadcast")
            .WithSummary("Broadcast a push")
            .WithDescription("Push {title, body, deeplink?} to an FCM topic (default 'all'); one message, one dispatch audit row, no rows per learner. Idempotency-Key required: a retried request is not pushed twice. title: one line; body: may hold line breaks; no other control characters.")
            .WithValidation()
            .WithIdempotency();

        admin.MapPost("/coupon-campaigns/{campaignId:guid}/coupons", async (Guid campaignId, HttpContext http, ImportCoupons import, CancellationToken ct) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                return TypedResults.Ok(await import.HandleAsync(campaignId, http.User.UserId(), reader, ct));
            })
            .WithName("ImportCoupons")
            .WithSummary("Import coupon codes")
            .WithDescription("Add coupon codes to a campaign's stock: text/csv, one code per line (header 'code' optional), up to 64 KB per upload. Duplicates are reported by line and skipped. A code with control characters is reported as an invalid line.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }
}
