using LearningPlatform.Application.Common;
using LearningPlatform.Application.Learners;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record LearnersResponse(IReadOnlyList<LearnerSummaryDto> Learners);

public sealed record LearnerAttemptsResponse(IReadOnlyList<LearnerAttemptDto> Attempts);

/// <summary>The learner lookup: find a learner, then see their attempts, rewards, subscription and wallet.</summary>
public static class LearnerEndpoints
{
    public static RouteGroupBuilder MapAdminLearnerEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/learners", SearchLearners)
            .WithName("SearchLearners")
            .WithSummary("Find learners")
            .WithDescription("search (2..100 characters): a learner id (the token's sub) finds that learner, anything else matches any part of " +
                "a display name, any case; by name (limit 1..100, default 50). Only learners whose name the learning service holds are " +
                "listed: open a known id with GET /learners/{learnerId}. E-mail addresses are not searchable here (the token server keeps them).")
            .WithValidation();

        admin.MapGet("/learners/{learnerId:guid}", GetLearner)
            .WithName("GetLearner")
            .WithSummary("One learner's page")
            .WithDescription("What the learning service knows of a learner: displayName (null if none), entitled now, subscriptions " +
                "(newest first, each with its 10 latest changes), wallet (balance, totalEntries, 10 latest entries), rewards (up to 50, " +
                "newest first, the coupon masked), totalAttempts and the 10 latest attempts (exam, status, score, times, flagged). " +
                "404 learner.not_found when nothing is known of the id.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/learners/{learnerId:guid}/attempts", ListLearnerAttempts)
            .WithName("ListLearnerAttempts")
            .WithSummary("One learner's attempts")
            .WithDescription("The learner's attempts, newest first (limit 1..100, default 20): exam and its title, attempt number, status, " +
                "score, answered, started, expires, finished, flaggedForReview and why, the invalidation reason.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    public static async Task<Ok<LearnersResponse>> SearchLearners(
        [AsParameters] LearnerSearchQuery query, [AsParameters] PageQuery page, SearchLearners handler, CancellationToken ct) =>
        TypedResults.Ok(new LearnersResponse(await handler.HandleAsync(query, page.Skip, page.Take(50), ct)));

    public static async Task<Ok<LearnerOverviewDto>> GetLearner(Guid learnerId, GetLearnerOverview handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(learnerId, ct));

    public static async Task<Ok<LearnerAttemptsResponse>> ListLearnerAttempts(
        Guid learnerId, [AsParameters] PageQuery page, ListLearnerAttempts handler, CancellationToken ct) =>
        TypedResults.Ok(new LearnerAttemptsResponse(await handler.HandleAsync(learnerId, page.Skip, page.Take(20), ct)));
}
