using LearningPlatform.Application.Common;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record JobsResponse(IReadOnlyList<JobStatus> Jobs, IReadOnlyList<RankingRunDto> LastRankingRuns, OutboxBacklog Outbox);

public sealed record RankingRunAccepted(Guid RunId, Guid ExamId, string Status);

public sealed record RankingRunsResponse(IReadOnlyList<RankingRunDto> Runs);

public static class AdminJobEndpoints
{
    public static RouteGroupBuilder MapAdminJobEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs", async (JobMonitor monitor, GetRankingRuns runs, DispatchOutbox outbox, CancellationToken ct) =>
                TypedResults.Ok(new JobsResponse(monitor.Snapshot(), await runs.ListAsync(null, 10, ct), await outbox.BacklogAsync(ct))))
            .WithName("GetJobs")
            .WithSummary("Jobs and outbox backlog")
            .WithDescription("Background jobs of this instance (schedule, last and next run), the last ranking runs of all instances, and the outbox backlog (pending, due, dead-lettered, oldest).")
            .Produces<JobsResponse>();

        admin.MapPost("/rankings/{examId:guid}/run", RunAsync)
            .WithName("RunRanking")
            .WithSummary("Rank an ended exam")
            .WithDescription("Rank an ended exam now. 202 with the run id; follow it in GET /rankings/runs. 409 with the running run's id if one runs. A practice exam is never ranked (409 exam.practice_not_ranked); an exam still open is 409 exam.still_open.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/rankings/{examId:guid}/publish", async (Guid examId, HttpContext http, PublishRanking publish, CancellationToken ct) =>
                TypedResults.Ok(await publish.HandleAsync(examId, http.User.UserId(), ct)))
            .WithName("PublishRanking")
            .WithSummary("Publish a ranked exam")
            .WithDescription("Publish a RANKED exam: results visible, final leaderboard, winner and topic notifications queued. Writing the final leaderboard to Redis is best effort after the commit (leaderboardWritten false: the first read rebuilds it).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/rankings/runs", async (Guid? examId, int? limit, GetRankingRuns runs, CancellationToken ct) =>
                TypedResults.Ok(new RankingRunsResponse(await runs.ListAsync(examId, limit ?? 20, ct))))
            .WithName("ListRankingRuns")
            .WithSummary("List ranking runs")
            .WithDescription("Ranking runs, newest first (limit 1..100, default 20), optionally of one exam.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    private static async Task<Accepted<RankingRunAccepted>> RunAsync(
        Guid examId, HttpContext http, RankExam rankExam, IRankingQueue queue, CancellationToken ct)
    {
        var claim = await rankExam.ClaimAsync(examId, RankingTrigger.Manual, http.User.UserId(), ct);
        // From here the run is this instance's: it continues after the response, whatever the client does.
        await queue.EnqueueAsync(claim, CancellationToken.None);
        return TypedResults.Accepted($"/api/learning/admin/rankings/runs?examId={examId}", new RankingRunAccepted(claim.RunId, examId, "RUNNING"));
    }
}
