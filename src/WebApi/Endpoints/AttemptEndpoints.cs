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
            .WithSummary("Start an attempt, or resume your open one (same attempt, same order, new attempt token).")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/attempts/{attemptId:guid}/questions", QuestionsAsync)
            .WithName("GetAttemptQuestions")
            .WithSummary("Stream an open attempt's questions in its order (no correct answers).")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/attempts/{attemptId:guid}/responses", SubmitAsync)
            .WithName("SubmitResponse")
            .WithSummary("Answer one question. The same answer twice is accepted once; a changed answer is refused.")
            .WithValidation<SubmitResponseRequest>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost("/attempts/{attemptId:guid}/complete", CompleteAsync)
            .WithName("CompleteAttempt")
            .WithSummary("Complete the attempt. The result stays PENDING until the exam's ranking is published.")
            .WithThrottle("complete")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/exams", async (HttpContext http, GetExams exams, CancellationToken ct) =>
                TypedResults.Ok(await exams.ListAsync(http.User.UserId(), ct)))
            .WithName("ListExams")
            .WithSummary("Exams open now, coming up, or closed in the last 7 days, with your attempts left and when results are due.");

        app.MapGet("/exams/{examId:guid}", async (Guid examId, HttpContext http, GetExams exams, CancellationToken ct) =>
                TypedResults.Ok(await exams.GetAsync(http.User.UserId(), examId, ct)))
            .WithName("GetExam")
            .WithSummary("One exam: its window, your attempts left and when its results are due (for a countdown).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/exams/{examId:guid}/result", ResultAsync)
            .WithName("GetExamResult")
            .WithSummary("Your result for an exam: PENDING until published.")
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
