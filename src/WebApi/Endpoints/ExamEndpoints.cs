using LearningPlatform.Application.Exams;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public static class ExamEndpoints
{
    public static RouteGroupBuilder MapExamEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/exams", ListExams)
            .WithName("ListExams")
            .WithSummary("List exams")
            .WithDescription("Exams open now, coming up, or closed in the last 7 days, with your attempts left and when results are due. Each with its mode (CONTEST or PRACTICE) and status (UPCOMING, OPEN, CLOSED, RANKING, RANKED, PUBLISHED, CANCELLED: never ranked, entry fees refunded).");

        app.MapGet("/exams/{examId:guid}", GetExam)
            .WithName("GetExam")
            .WithSummary("Get an exam")
            .WithDescription("One exam: its window, your attempts left and when its results are due (for a countdown).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ExamDto>>> ListExams(HttpContext http, ListExams handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), ct));

    public static async Task<Ok<ExamDto>> GetExam(Guid examId, HttpContext http, GetExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), examId, ct));
}
