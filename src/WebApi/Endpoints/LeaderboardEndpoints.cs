using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public static class LeaderboardEndpoints
{
    public static RouteGroupBuilder MapLeaderboardEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/leaderboards/{examId:guid}", GetLeaderboardPage)
            .WithName("GetLeaderboard")
            .WithSummary("Get a leaderboard page")
            .WithDescription("A page of the exam's leaderboard: provisional while the exam runs, final once published. offset ≥ 0, limit 1..100 (default 20). visibility COUNT_ONLY while a contest is open (only total, no entries: any order would reveal the right answers), PROVISIONAL once its window closed, FINAL once published. Each entry has the learner's displayName (null if they have none): a change shows at the next read on the instance that saved it and within 2 seconds on the others (within 5 minutes should Redis miss it). A practice exam has no board (404 leaderboard.not_found), nor has a cancelled one (409 exam.cancelled).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/leaderboards/{examId:guid}/me", GetMyLeaderboardLine)
            .WithName("GetMyLeaderboardLine")
            .WithSummary("Get your leaderboard line")
            .WithDescription("Your line on the exam's leaderboard with up to 5 neighbours on each side; me is null if you are not on it. While a contest is open me is null and there are no neighbours (visibility COUNT_ONLY). Lines carry displayName (null if none). 409 exam.cancelled for a cancelled exam.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<LeaderboardPageDto>> GetLeaderboardPage(
        Guid examId, [AsParameters] PageQuery page, GetLeaderboardPage handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, page.Skip, page.Take(20), ct));

    public static async Task<Ok<MyStandingDto>> GetMyLeaderboardLine(Guid examId, HttpContext http, GetMyLeaderboardLine handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, http.User.UserId(), ct));
}
