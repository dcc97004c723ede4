using LearningPlatform.Application.Attempts;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

/// <summary>Attempts, for admins: take one out of the ranking.</summary>
public static class AttemptEndpoints
{
    public static RouteGroupBuilder MapAdminAttemptEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/attempts/{attemptId:guid}/invalidate", InvalidateAttempt)
            .WithName("InvalidateAttempt")
            .WithSummary("Invalidate an attempt")
            .WithDescription("Take an attempt out of the ranking; body {\"reason\": \"...\"} required (1..500 characters, one line; 400 attempt.reason_required). " +
                "Any status, IN_PROGRESS too (it can no longer be answered). Exam OPEN or CLOSED: the ranking will not count it. " +
                "Exam RANKED: the exam shows rerankNeeded and publishing is refused (409 ranking.rerun_needed) until POST /rankings/{examId}/rerun; " +
                "the learner's reward won with it goes to CANCELLED (coupon back in stock, learner notified). " +
                "409 ranking.already_running while the exam is being ranked (retry after the run), attempt.exam_published once published " +
                "(results are final: compensate by hand), attempt.already_invalidated. The live leaderboard is rebuilt without it. Recorded in the audit log.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    public static async Task<Ok<InvalidatedAttemptDto>> InvalidateAttempt(
        Guid attemptId, InvalidateAttemptRequest? request, HttpContext http, InvalidateAttempt handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(attemptId, http.User.UserId(), request?.Reason, ct));
}
