using LearningPlatform.Application.Content;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

/// <summary>A lesson to study and the learner's progress in it.</summary>
public static class LessonEndpoints
{
    public static RouteGroupBuilder MapLessonEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/lessons/{lessonId:guid}", GetLesson)
            .WithName("GetLesson")
            .WithSummary("Get a lesson")
            .WithDescription("A published lesson of a published course (else 404 lesson.not_found): its text, its media {key, contentType, url, expiresAt} " +
                "(url and expiresAt null until media storage is wired; media null for a lesson without any) and your progress. " +
                "A premium lesson needs an active subscription: 403 subscription.required, with nothing of the lesson in the answer.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPut("/lessons/{lessonId:guid}/progress", UpdateLessonProgress)
            .WithName("UpdateLessonProgress")
            .WithSummary("Report your progress in a lesson")
            .WithDescription("Body {percent: 0..100, position: 0..1000000 (seconds or a page), completed?: true marks it done (percent 100)}. " +
                "Progress only moves forward: a report behind what is stored (a lower percent, or the same percent at an earlier position, " +
                "e.g. from your other phone) changes nothing, and the answer is what is stored, which may be ahead of what you sent. " +
                "completedAt is set by the first report that completes the lesson and never moves. 404 and 403 as for GET /lessons/{lessonId}.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<LessonDto>> GetLesson(Guid lessonId, HttpContext http, GetLesson handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), lessonId, ct));

    public static async Task<Ok<LessonProgressDto>> UpdateLessonProgress(
        Guid lessonId, UpdateLessonProgressRequest request, HttpContext http, UpdateLessonProgress handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), lessonId, request, ct));
}
