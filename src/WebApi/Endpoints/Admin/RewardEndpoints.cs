using LearningPlatform.Application.Common;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record AdminRewardsResponse(IReadOnlyList<AdminRewardDto> Rewards);

/// <summary>
/// The reward queue and each reward's moves. Every move is recorded (who, when, why) and the learner notified; two
/// admins at once get one 200 and one 409 <c>reward.invalid_transition</c>.
/// </summary>
public static class RewardEndpoints
{
    private const string Moves =
        " The move is recorded (who, when, why) and the learner notified; two admins at once get one 200 and one 409 reward.invalid_transition.";

    public static RouteGroupBuilder MapAdminRewardEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/rewards", ListRewards)
            .WithName("AdminListRewards")
            .WithSummary("List rewards (admin)")
            .WithDescription("Rewards by status (ASSIGNED, REQUESTED, ...), most recently changed first; coupon codes masked.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/rewards/{rewardId:guid}/approve", ApproveReward)
            .WithName("ApproveReward")
            .WithSummary("Approve a reward")
            .WithDescription("REQUESTED → APPROVED." + Moves)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rewards/{rewardId:guid}/reject", RejectReward)
            .WithName("RejectReward")
            .WithSummary("Reject a reward")
            .WithDescription("REQUESTED → REJECTED; body {\"reason\": \"...\"} required (one line, no control characters); the reserved coupon goes back in stock." + Moves)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rewards/{rewardId:guid}/fulfill", FulfillReward)
            .WithName("FulfillReward")
            .WithSummary("Fulfil a reward")
            .WithDescription("APPROVED → FULFILLED: the learner can now see the coupon code." + Moves)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rewards/{rewardId:guid}/cancel", CancelReward)
            .WithName("CancelReward")
            .WithSummary("Cancel a reward")
            .WithDescription("ASSIGNED, REQUESTED or APPROVED → CANCELLED; body {\"reason\": \"...\"} required; a reserved coupon goes back in stock." + Moves)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    public static async Task<Ok<AdminRewardsResponse>> ListRewards(
        string? status, [AsParameters] PageQuery page, ListRewardsByStatus handler, CancellationToken ct) =>
        TypedResults.Ok(new AdminRewardsResponse(await handler.HandleAsync(status, page.Skip, page.Take(50), ct)));

    // Every move takes an optional body; approve and fulfil keep a reason when one is given (reject and cancel need one).
    public static async Task<Ok<AdminRewardDto>> ApproveReward(
        Guid rewardId, ModerationRequest? request, HttpContext http, ApproveReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(rewardId, http.User.UserId(), request?.Reason, ct));

    public static async Task<Ok<AdminRewardDto>> RejectReward(
        Guid rewardId, ModerationRequest? request, HttpContext http, RejectReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(rewardId, http.User.UserId(), request?.Reason, ct));

    public static async Task<Ok<AdminRewardDto>> FulfillReward(
        Guid rewardId, ModerationRequest? request, HttpContext http, FulfillReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(rewardId, http.User.UserId(), request?.Reason, ct));

    public static async Task<Ok<AdminRewardDto>> CancelReward(
        Guid rewardId, ModerationRequest? request, HttpContext http, CancelReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(rewardId, http.User.UserId(), request?.Reason, ct));
}
