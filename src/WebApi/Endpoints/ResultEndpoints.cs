using LearningPlatform.Application.Results;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public static class ResultEndpoints
{
    public static RouteGroupBuilder MapResultEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/exams/{examId:guid}/result", GetExamResult)
            .WithName("GetExamResult")
            .WithSummary("Get your result (final screen)")
            .WithDescription("Your result for an exam: PENDING until published. PENDING until a contest is published (how far you got, no score), CANCELLED (the same, for good) if it was cancelled; then PUBLISHED with rank, score, prize, top 3 and neighbours (each with displayName, null if none). A practice exam's result is PRACTICE with the latest attempt's score. The result notification's deeplink target.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<ExamResultDto>> GetExamResult(Guid examId, HttpContext http, GetExamResult handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), examId, ct));
}
