using LearningPlatform.Application.Rewards;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record RewardsResponse(IReadOnlyList<RewardDto> Rewards);

/// <summary>A learner's own rewards.</summary>
public static class RewardEndpoints
{
    public static RouteGroupBuilder MapRewardEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/rewards", ListRewards)
            .WithName("ListRewards")
            .WithSummary("List your rewards")
            .WithDescription("Your rewards, newest first. Never with a coupon code.");

        app.MapGet("/rewards/{rewardId:guid}", GetReward)
            .WithName("GetReward")
            .WithSummary("Get one of your rewards")
            .WithDescription("One of your rewards; couponCode only once it is FULFILLED. Someone else's reward is 404, never 403.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/rewards/{rewardId:guid}/claim", ClaimReward)
            .WithName("ClaimReward")
            .WithSummary("Claim a reward")
            .WithDescription("Claim an ASSIGNED reward (a coupon is reserved for it): REQUESTED. 409 coupon.out_of_stock when the campaign has none left. Idempotency-Key required.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<RewardsResponse>> ListRewards(HttpContext http, ListRewards handler, CancellationToken ct) =>
        TypedResults.Ok(new RewardsResponse(await handler.HandleAsync(http.User.UserId(), ct)));

    public static async Task<Ok<RewardDto>> GetReward(Guid rewardId, HttpContext http, GetReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), rewardId, ct));

    public static async Task<Ok<RewardDto>> ClaimReward(Guid rewardId, HttpContext http, ClaimReward handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), rewardId, ct));
}
