using LearningPlatform.Hosting;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Results;
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
        app.MapPost("/exams/{examId:guid}/attempts", StartAsync)
            .WithName("StartAttempt")
            .WithSummary("Start or resume an attempt")
            .WithDescription("Start an attempt, or resume your open one (same attempt, same order, new attempt token). Idempotency-Key required. 201 for a new attempt, 200 for a resumed one; the questions are streamed in the attempt's order, never with the correct choice. 409 exam.not_open, attempt.no_attempts_left; 403 subscription.required for a premium exam.")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/attempts/{attemptId:guid}/questions", QuestionsAsync)
            .WithName("GetAttemptQuestions")
            .WithSummary("Get an attempt's questions")
            .WithDescription("Stream an open attempt's questions in its order (no correct answers). X-Attempt-Token required.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/attempts/{attemptId:guid}/responses", SubmitAsync)
            .WithName("SubmitResponse")
            .WithSummary("Answer a question")
            .WithDescription("Answer one question. The same answer twice is accepted once; a changed answer is refused. X-Attempt-Token required. Body {questionId, choiceId, elapsedMs}: no other fields, elapsedMs an integer within the attempt's time limit. The answer says nothing about whether it was right.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/attempts/{attemptId:guid}/complete", CompleteAsync)
            .WithName("CompleteAttempt")
            .WithSummary("Complete an attempt")
            .WithDescription("Complete the attempt. The result stays PENDING until the exam's ranking is published. X-Attempt-Token and Idempotency-Key required; throttled per learner (429 + Retry-After). A contest answers PENDING with counts only (no score before the window closes and the results are published); a practice exam answers COMPLETED with the score and each question's feedback.")
            .WithThrottle("complete")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/exams", async (HttpContext http, GetExams exams, CancellationToken ct) =>
                TypedResults.Ok(await exams.ListAsync(http.User.UserId(), ct)))
            .WithName("ListExams")
            .WithSummary("List exams")
            .WithDescription("Exams open now, coming up, or closed in the last 7 days, with your attempts left and when results are due. Each with its mode (CONTEST or PRACTICE) and status (UPCOMING, OPEN, CLOSED, RANKING, RANKED, PUBLISHED).");

        app.MapGet("/exams/{examId:guid}", async (Guid examId, HttpContext http, GetExams exams, CancellationToken ct) =>
                TypedResults.Ok(await exams.GetAsync(http.User.UserId(), examId, ct)))
            .WithName("GetExam")
            .WithSummary("Get an exam")
            .WithDescription("One exam: its window, your attempts left and when its results are due (for a countdown).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/exams/{examId:guid}/result", ResultAsync)
            .WithName("GetExamResult")
            .WithSummary("Get your result (final screen)")
            .WithDescription("Your result for an exam: PENDING until published. PENDING until a contest is published (how far you got, no score); then PUBLISHED with rank, score, prize, top 3 and neighbours. A practice exam's result is PRACTICE with the latest attempt's score. The result notification's deeplink target.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Results<Created<StartAttemptResponse>, Ok<StartAttemptResponse>>> StartAsync(
        Guid examId, HttpContext http, StartAttempt startAttempt, Application.Common.ILearningDb db, CancellationToken ct)
    {
        var started = await startAttempt.HandleAsync(http.User.UserId(), examId, ct);
        var body = new StartAttemptResponse(
            started.AttemptId, started.AttemptToken, started.ExpiresAt, started.Resumed,
            AttemptQuestions.StreamAsync(db, started.AttemptId, started.ExamId, started.QuestionOrder, ct));
        return started.Resumed
            ? TypedResults.Ok(body)
            : TypedResults.Created($"/api/learning/app/attempts/{started.AttemptId}/questions", body);
    }

    private static async Task<Ok<IAsyncEnumerable<QuestionDto>>> QuestionsAsync(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, HttpContext http,
        GetAttemptQuestions handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, ct));

    private static async Task<Ok<SubmitResponseResult>> SubmitAsync(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, SubmitResponseRequest request,
        HttpContext http, SubmitResponse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, request, ct));

    private static async Task<Ok<CompleteAttemptResult>> CompleteAsync(
        Guid attemptId, [FromHeader(Name = AttemptTokenHeader)] string? attemptToken, HttpContext http,
        CompleteAttempt handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), attemptId, attemptToken, ct));

    private static async Task<Ok<ExamResultDto>> ResultAsync(
        Guid examId, HttpContext http, GetExamResult handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), examId, ct));
}
