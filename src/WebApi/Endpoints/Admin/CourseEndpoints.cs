using LearningPlatform.Application.Common;
using LearningPlatform.Application.ContentAuthoring;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record AdminCoursesResponse(IReadOnlyList<AdminCourseDto> Courses);

/// <summary>Courses as admins write them: create, change, order, publish; every change audited and the learners' catalog refreshed.</summary>
public static class CourseEndpoints
{
    public static RouteGroupBuilder MapAdminCourseEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/courses", ListCourses)
            .WithName("AdminListCourses")
            .WithSummary("List courses (admin)")
            .WithDescription("Every course, published or not, in the order learners see them (limit 1..100, default 50), with lessonCount and publishedLessonCount.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/courses", CreateCourse)
            .WithName("CreateCourse")
            .WithSummary("Create a course")
            .WithDescription("Body {title (1..200), summary? (up to 2000), coverImageKey? (an object key: 1..512 of A-Z a-z 0-9 / . _ -)}. " +
                "Unpublished (learners do not see it), placed after the others. 400 validation.failed with field errors.")
            .WithValidation();

        admin.MapGet("/courses/{courseId:guid}", GetCourse)
            .WithName("AdminGetCourse")
            .WithSummary("Read a course (admin)")
            .WithDescription("The course, published or not, with its lesson counts.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/courses/{courseId:guid}", UpdateCourse)
            .WithName("UpdateCourse")
            .WithSummary("Change a course")
            .WithDescription("Replaces title, summary and coverImageKey (as for create). A published course changes for learners at their next read.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapDelete("/courses/{courseId:guid}", DeleteCourse)
            .WithName("DeleteCourse")
            .WithSummary("Delete an unpublished course")
            .WithDescription("Only while unpublished (409 course.still_published): the course goes with its lessons and the progress learners had in them.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/courses/{courseId:guid}/publish", PublishCourse)
            .WithName("PublishCourse")
            .WithSummary("Publish a course")
            .WithDescription("Learners see it, with those of its lessons that are published. 409 course.already_published.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/courses/{courseId:guid}/unpublish", UnpublishCourse)
            .WithName("UnpublishCourse")
            .WithSummary("Unpublish a course")
            .WithDescription("Learners get 404 for it and its lessons from their next read; their progress is kept. 409 course.not_published.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/courses/order", OrderCourses)
            .WithName("OrderCourses")
            .WithSummary("Order the courses")
            .WithDescription("Body {courseIds: [...]}: every course, each once (at most 1000), in the order learners should see them; " +
                "anything else is 400 validation.failed naming courseIds.")
            .WithValidation();
        return admin;
    }

    public static async Task<Ok<AdminCoursesResponse>> ListCourses([AsParameters] PageQuery page, ListAdminCourses handler, CancellationToken ct) =>
        TypedResults.Ok(new AdminCoursesResponse(await handler.HandleAsync(page.Skip, page.Take(50), ct)));

    public static async Task<Created<AdminCourseDto>> CreateCourse(CourseRequest request, HttpContext http, CreateCourse handler, CancellationToken ct)
    {
        var course = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/courses/{course.Id}", course);
    }

    public static async Task<Ok<AdminCourseDto>> GetCourse(Guid courseId, GetAdminCourse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(courseId, ct));

    public static async Task<Ok<AdminCourseDto>> UpdateCourse(Guid courseId, CourseRequest request, HttpContext http, UpdateCourse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(courseId, request, http.User.UserId(), ct));

    public static async Task<NoContent> DeleteCourse(Guid courseId, HttpContext http, DeleteCourse handler, CancellationToken ct)
    {
        await handler.HandleAsync(courseId, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AdminCourseDto>> PublishCourse(Guid courseId, HttpContext http, PublishCourse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(courseId, http.User.UserId(), ct));

    public static async Task<Ok<AdminCourseDto>> UnpublishCourse(Guid courseId, HttpContext http, UnpublishCourse handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(courseId, http.User.UserId(), ct));

    public static async Task<NoContent> OrderCourses(OrderCoursesRequest request, HttpContext http, OrderCourses handler, CancellationToken ct)
    {
        await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }
}
