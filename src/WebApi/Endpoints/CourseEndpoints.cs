using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record CoursesResponse(IReadOnlyList<CourseSummaryDto> Courses);

/// <summary>The catalog as learners browse it: published courses and lessons, with their own progress; ETags for polling.</summary>
public static class CourseEndpoints
{
    private const string ETagNote = " Carries an ETag (private, no-cache): send it back in If-None-Match and get 304 with no body while nothing " +
        "in it changed; it changes when an admin changes what you see and when your own progress in it changes.";

    public static RouteGroupBuilder MapCourseEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/courses", ListCourses)
            .WithName("ListCourses")
            .WithSummary("List courses")
            .WithDescription("Published courses in order (limit 1..100, default 50), each with your progress: completedLessons of its lessonCount published lessons." + ETagNote)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/courses/{courseId:guid}", GetCourse)
            .WithName("GetCourse")
            .WithSummary("Get a course")
            .WithDescription("A published course with its published lessons in order, your progress in each, and continueLessonId: the first one you have not completed (null when you completed them all). An unpublished course is 404 course.not_found." + ETagNote)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<CoursesResponse>, StatusCodeHttpResult>> ListCourses(
        [AsParameters] PageQuery page, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, HttpContext http, ListCourses handler, CancellationToken ct) =>
        EntityTags.OkOrNotModified(http, new CoursesResponse(await handler.HandleAsync(http.User.UserId(), page.Skip, page.Take(50), ct)), ifNoneMatch);

    public static async Task<Results<Ok<CourseDto>, StatusCodeHttpResult>> GetCourse(
        Guid courseId, [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, HttpContext http, GetCourse handler, CancellationToken ct) =>
        EntityTags.OkOrNotModified(http, await handler.HandleAsync(http.User.UserId(), courseId, ct), ifNoneMatch);
}
