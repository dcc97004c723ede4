using LearningPlatform.Application.Common;
using LearningPlatform.Application.ContentAuthoring;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record AdminLessonsResponse(IReadOnlyList<AdminLessonDto> Lessons);

/// <summary>Lessons as admins write them, within their course: create, change, order, publish; every change audited.</summary>
public static class LessonEndpoints
{
    private const string LessonBody = "Body {title (1..200), kind (VIDEO, PDF, ARTICLE), body? (the article's text or notes, up to 20000), " +
        "mediaKey? and mediaContentType? together (key 1..512 of A-Z a-z 0-9 / . _ -; video/mp4 for a video, application/pdf for a PDF, " +
        "image/png, image/jpeg or image/webp for an article), durationSeconds? (a video, 1..86400), pageCount? (a PDF, 1..100000), " +
        "premium? (default false)}. 400 validation.failed with field errors.";

    public static RouteGroupBuilder MapAdminLessonEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/courses/{courseId:guid}/lessons", ListLessons)
            .WithName("AdminListLessons")
            .WithSummary("List a course's lessons (admin)")
            .WithDescription("The course's lessons, published or not, in order (limit 1..100, default 50).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/courses/{courseId:guid}/lessons", CreateLesson)
            .WithName("CreateLesson")
            .WithSummary("Create a lesson")
            .WithDescription("A lesson at the end of the course, unpublished. " + LessonBody)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/courses/{courseId:guid}/lessons/order", OrderLessons)
            .WithName("OrderLessons")
            .WithSummary("Order a course's lessons")
            .WithDescription("Body {lessonIds: [...]}: every lesson of the course, each once, in the order learners should take them; " +
                "anything else is 400 validation.failed naming lessonIds. Audited on the course (lessons_reordered).")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/lessons/{lessonId:guid}", GetLesson)
            .WithName("AdminGetLesson")
            .WithSummary("Read a lesson (admin)")
            .WithDescription("The lesson, published or not, with its media key and content type.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/lessons/{lessonId:guid}", UpdateLesson)
            .WithName("UpdateLesson")
            .WithSummary("Change a lesson")
            .WithDescription("Replaces the lesson's definition. " + LessonBody + " A published lesson must stay complete: 400 lesson.not_publishable naming what it would lack.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapDelete("/lessons/{lessonId:guid}", DeleteLesson)
            .WithName("DeleteLesson")
            .WithSummary("Delete an unpublished lesson")
            .WithDescription("Only while unpublished (409 lesson.still_published); the progress learners had in it goes with it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/lessons/{lessonId:guid}/publish", PublishLesson)
            .WithName("PublishLesson")
            .WithSummary("Publish a lesson")
            .WithDescription("Learners see it once its course is published too. It must be complete: a video its mp4 media and duration, a PDF its file " +
                "and page count, an article its text (400 lesson.not_publishable with field errors). 409 lesson.already_published.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/lessons/{lessonId:guid}/unpublish", UnpublishLesson)
            .WithName("UnpublishLesson")
            .WithSummary("Unpublish a lesson")
            .WithDescription("Learners get 404 for it from their next read; their progress is kept. 409 lesson.not_published.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    public static async Task<Ok<AdminLessonsResponse>> ListLessons(
        Guid courseId, [AsParameters] PageQuery page, ListAdminLessons handler, CancellationToken ct) =>
        TypedResults.Ok(new AdminLessonsResponse(await handler.HandleAsync(courseId, page.Skip, page.Take(50), ct)));

    public static async Task<Created<AdminLessonDto>> CreateLesson(
        Guid courseId, LessonRequest request, HttpContext http, CreateLesson handler, CancellationToken ct)
    {
        var lesson = await handler.HandleAsync(courseId, request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/lessons/{lesson.Id}", lesson);
    }

    public static async Task<NoContent> OrderLessons(
        Guid courseId, OrderLessonsRequest request, HttpContext http, OrderLessons handler, CancellationToken ct)
    {
        await handler.HandleAsync(courseId, request, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AdminLessonDto>> GetLesson(Guid lessonId, GetAdminLesson handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(lessonId, ct));

    public static async Task<Ok<AdminLessonDto>> UpdateLesson(Guid lessonId, LessonRequest request, HttpContext http, UpdateLesson handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(lessonId, request, http.User.UserId(), ct));

    public static async Task<NoContent> DeleteLesson(Guid lessonId, HttpContext http, DeleteLesson handler, CancellationToken ct)
    {
        await handler.HandleAsync(lessonId, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AdminLessonDto>> PublishLesson(Guid lessonId, HttpContext http, PublishLesson handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(lessonId, http.User.UserId(), ct));

    public static async Task<Ok<AdminLessonDto>> UnpublishLesson(Guid lessonId, HttpContext http, UnpublishLesson handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(lessonId, http.User.UserId(), ct));
}
