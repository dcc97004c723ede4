using LearningPlatform.Hosting;
using LearningPlatform.Application.Attempts;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LearningPlatform.WebApi.Endpoints;

/// <summary>The start response. <c>questions</c> is streamed from the database in the attempt's own order.</summary>
public sealed record StartAttemptResponse(
    Guid AttemptId, string AttemptToken, DateTimeOffset ExpiresAt, bool Resumed, IAsyncEnumerable<QuestionDto> Questions);

public static class AttemptEndpoints
{
    public const string AttemptTokenHeader = "X-Attempt-Token";

    public static RouteGroupBuilder MapAttemptEndpoints(this RouteGroupBuilder app)
    {
        app.MapPost("/exams/{examId:guid}/attempts", StartAttempt)
            .WithName("StartAttempt")
            .WithSummary("Start or resume an attempt")
            .WithDescription("Start an attempt, or resume your open one (same attempt, same order, new attempt token). Idempotency-Key required. Your display name on the boards follows your token's name from here, unless you chose one (PUT /profile). 201 for a new attempt, 200 for a resumed one; the questions are streamed in the attempt's order, never with the correct choice. A paid exam's entryFee is debited from your wallet with your first attempt, in the same transaction (a resume, a further attempt or a replay charges nothing). 409 exam.not_open, exam.cancelled, attempt.no_attempts_left, wallet.insufficient_funds (with balance and required; nothing created); 403 subscription.required for a premium exam.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/attempts/{attemptId:guid}/questions", GetAttemptQuestions)
            .WithName("GetAttemptQuestions")
            .WithSummary("Get an attempt's questions")
            .WithDescription("Stream an open attempt's questions in its order (no correct answers). X-Attempt-Token required.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/attempts/{attemptId:guid}/responses", SubmitResponse)
            .WithName("SubmitResponse")
            .WithSummary("Answer a question")
            .WithDescription("Answer one question. The same answer twice is accepted once; a changed answer is refused. X-Attempt-Token required. Body {questionId, choiceId, elapsedMs}: no other fields, elapsedMs an integer within the attempt's time limit. The answer says nothing about whether it was right.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/attempts/{attemptId:guid}/complete", CompleteAttempt)
            .WithName("CompleteAttempt")
            .WithSummary("Complete an attempt")
            .WithDescription("Complete the attempt. The result stays PENDING until the exam's ranking is published. X-Attempt-Token and Idempotency-Key required; throttled per learner (429 + Retry-After). A contest answers PENDING with counts only (no score before the window closes and the results are published); a practice exam answers COMPLETED with the score and each question's feedback.")
            .WithThrottle("complete")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Results<Created<StartAttemptResponse>, Ok<StartAttemptResponse>>> StartAttempt(
        Guid examId, HttpContext http, StartAttempt startAttempt, Application.Common.ILearningDb db, CancellationToken ct)
    {
        var started = await startAttempt.HandleAsync(http.User.UserId(), http.User.TokenName(), examId, ct);
        var body = new StartAttemptResponse(
            started.AttemptId, started.AttemptToken, started.ExpiresAt, started.Resumed,
            AttemptQuestions.StreamAsync(db, started.AttemptId, started.ExamId, started.QuestionOrder, ct));
        return started.Resumed
            ? TypedResults.Ok(body)
            : TypedResults.Created($"/api/learning/app/attempts/{started.AttemptId}/questions", body);
    }

    public static async Task<Ok<IAsyncEnumerable<QuestionDto>>> GetAttemptQuestions(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, HttpContext http,
        GetAttemptQuestions handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, ct));

    public static async Task<Ok<SubmitResponseResult>> SubmitResponse(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, SubmitResponseRequest request,
        HttpContext http, SubmitResponse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, request, ct));

    public static async Task<Ok<CompleteAttemptResult>> CompleteAttempt(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, HttpContext http,
        CompleteAttempt handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, ct));
}
