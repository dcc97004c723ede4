using LearningPlatform.Application.Common;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record RankingRunsResponse(IReadOnlyList<RankingRunDto> Runs);

/// <summary>Rankings: run one now, run one again, publish it, list the runs.</summary>
public static class RankingEndpoints
{
    public static RouteGroupBuilder MapRankingEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/rankings/{examId:guid}/run", RunRanking)
            .WithName("RunRanking")
            .WithSummary("Rank an ended exam")
            .WithDescription("Rank an ended exam now. 202 with the run id; follow it in GET /rankings/runs. 409 with the running run's id if one runs. A practice exam is never ranked (409 exam.practice_not_ranked); an exam still open is 409 exam.still_open; a cancelled one 409 exam.cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rankings/{examId:guid}/rerun", RerunRanking)
            .WithName("RerunRanking")
            .WithSummary("Rank a ranked exam again")
            .WithDescription("Rank a RANKED exam again before it is published (after an attempt was invalidated: rerankNeeded). 202 with the run id (trigger RERUN); follow it in GET /rankings/runs. " +
                "The run replaces the ranking in one transaction: standings rewritten without invalidated attempts, prize coins taken back and credited anew (one credit per winner), " +
                "ASSIGNED coupon rewards follow the new places, a claimed or approved one no longer won is cancelled (learner notified); rewards already CANCELLED stay so. " +
                "If it fails the exam stays RANKED with rerankNeeded. 409 ranking.not_ranked (not ranked yet: use /run), ranking.already_ranked (published: final), ranking.already_running.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rankings/{examId:guid}/publish", PublishRanking)
            .WithName("PublishRanking")
            .WithSummary("Publish a ranked exam")
            .WithDescription("Publish a RANKED exam: results visible, final leaderboard, winner and topic notifications queued. Writing the final leaderboard to Redis is best effort after the commit (leaderboardWritten false: the first read rebuilds it). 409 ranking.not_ranked, ranking.rerun_needed (an attempt was invalidated after the ranking: rerun first), exam.cancelled.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/rankings/{examId:guid}/statistics", GetRankingStatistics)
            .WithName("GetRankingStatistics")
            .WithSummary("An exam's score distribution and participants over time")
            .WithDescription("For the rankings screen's charts, counted in the database. source STANDINGS once the exam is RANKED or PUBLISHED " +
                "(one line per learner, as ranked), else RESULTS (each learner's best counted result so far: while open, closed or ranking). " +
                "scores: learners per score bucket from 0 to maxScore (the questions' points), scoreBuckets 1..100 (default 20; fewer when " +
                "maxScore is small: one per score). completions: timeBuckets 1..200 (default 24) equal slices from opensAt to closesAt " +
                "plus one attempt's duration, each with the counted results finished in it and the learners finishing for the first time " +
                "(newParticipants; their running sum is the participants curve). Invalidated attempts never count. 404 exam.not_found.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/rankings/runs", ListRankingRuns)
            .WithName("ListRankingRuns")
            .WithSummary("List ranking runs")
            .WithDescription("Ranking runs, newest first (limit 1..100, default 20), optionally of one exam.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    public static async Task<Accepted<RankingRunAccepted>> RunRanking(Guid examId, HttpContext http, StartRankingRun handler, CancellationToken ct)
    {
        var accepted = await handler.HandleAsync(examId, http.User.UserId(), ct);
        return TypedResults.Accepted($"/api/learning/admin/rankings/runs?examId={examId}", accepted);
    }

    public static async Task<Accepted<RankingRunAccepted>> RerunRanking(Guid examId, HttpContext http, RerunRanking handler, CancellationToken ct)
    {
        var accepted = await handler.HandleAsync(examId, http.User.UserId(), ct);
        return TypedResults.Accepted($"/api/learning/admin/rankings/runs?examId={examId}", accepted);
    }

    public static async Task<Ok<PublishResultDto>> PublishRanking(Guid examId, HttpContext http, PublishRanking handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, http.User.UserId(), ct));

    public static async Task<Ok<RankingStatisticsDto>> GetRankingStatistics(
        Guid examId, [AsParameters] RankingStatisticsQuery query, GetRankingStatistics handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, query, ct));

    public static async Task<Ok<RankingRunsResponse>> ListRankingRuns(
        Guid? examId, [AsParameters] PageQuery page, ListRankingRuns handler, CancellationToken ct) =>
        TypedResults.Ok(new RankingRunsResponse(await handler.HandleAsync(examId, page.Skip, page.Take(20), ct)));
}
