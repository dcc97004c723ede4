using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Hosting;

namespace LearningPlatform.WebApi.Endpoints;

public static class LeaderboardEndpoints
{
    public static RouteGroupBuilder MapLeaderboardEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/leaderboards/{examId:guid}", async (Guid examId, long? offset, int? limit, GetLeaderboard leaderboard, CancellationToken ct) =>
                TypedResults.Ok(await leaderboard.PageAsync(examId, offset ?? 0, limit ?? 20, ct)))
            .WithName("GetLeaderboard")
            .WithSummary("A page of the exam's leaderboard: provisional while the exam runs, final once published. offset ≥ 0, limit 1..100 (default 20).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/leaderboards/{examId:guid}/me", async (Guid examId, HttpContext http, GetLeaderboard leaderboard, CancellationToken ct) =>
                TypedResults.Ok(await leaderboard.MeAsync(examId, http.User.UserId(), ct)))
            .WithName("GetMyLeaderboardLine")
            .WithSummary("Your line on the exam's leaderboard with up to 5 neighbours on each side; me is null if you are not on it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
