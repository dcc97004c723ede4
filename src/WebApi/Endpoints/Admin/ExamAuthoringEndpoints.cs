using LearningPlatform.Application.Common;
using LearningPlatform.Application.ExamAuthoring;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record AdminExamsResponse(IReadOnlyList<AdminExamDto> Exams);

/// <summary>Exams as admins write them: DRAFT → SCHEDULED (questions pinned) → OPEN → the ranking's states.</summary>
public static class ExamAuthoringEndpoints
{
    public static RouteGroupBuilder MapExamAuthoringEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/exams", ListExams)
            .WithName("AdminListExams")
            .WithSummary("List exams (admin)")
            .WithDescription("Every exam, drafts included, newest first (limit 1..100, default 50); ?status= DRAFT, SCHEDULED, OPEN, CLOSED, RANKING, RANKED, PUBLISHED or CANCELLED.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/exams", CreateExam)
            .WithName("CreateExam")
            .WithSummary("Create a draft exam")
            .WithDescription("A DRAFT: learners do not see it. Nothing is checked against the bank until it is scheduled.")
            .WithValidation();

        admin.MapGet("/exams/{examId:guid}", GetExam)
            .WithName("AdminGetExam")
            .WithSummary("Read an exam (admin)")
            .WithDescription("The exam's definition (items, prizes, terms), its status (DRAFT … PUBLISHED, or CANCELLED) and how many questions it has pinned.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/exams/{examId:guid}", UpdateExam)
            .WithName("UpdateExam")
            .WithSummary("Change a draft exam")
            .WithDescription("Replaces the whole definition of a DRAFT; a scheduled or later exam is 409 exam.not_draft (unschedule it first, before it opens; an open exam's questions never change).")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapDelete("/exams/{examId:guid}", DeleteExam)
            .WithName("DeleteExam")
            .WithSummary("Delete a draft exam")
            .WithDescription("Only a DRAFT (409 exam.not_draft).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/exams/{examId:guid}/schedule", ScheduleExam)
            .WithName("ScheduleExam")
            .WithSummary("Schedule a draft exam")
            .WithDescription("DRAFT → SCHEDULED: pins the question versions and makes each pool draw once, for every learner. 400 exam.not_schedulable " +
                "with field errors (items[i], opensAt in the past, no questions, prizes paying more than guaranteedPool or naming a coupon campaign that does not exist); 409 exam.not_draft.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/exams/{examId:guid}/unschedule", UnscheduleExam)
            .WithName("UnscheduleExam")
            .WithSummary("Unschedule an exam before it opens")
            .WithDescription("SCHEDULED → DRAFT, the pinned questions let go. 409 exam.already_opened once the window has begun, exam.not_scheduled for a draft or a ranked exam.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/exams/{examId:guid}/extend", ExtendExam)
            .WithName("ExtendExam")
            .WithSummary("Extend a scheduled or open exam")
            .WithDescription("Body {\"closesAt\": \"...\"}, later than the current close: 409 exam.cannot_shorten otherwise, exam.not_extendable once it has closed.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/exams/{examId:guid}/cancel", CancelExam)
            .WithName("CancelExam")
            .WithSummary("Cancel an exam and refund its entry fees")
            .WithDescription("SCHEDULED, OPEN or CLOSED (not yet ranked) → CANCELLED: every entry fee is refunded (ENTRY_REFUND in the learners' wallets), " +
                "in one transaction with the audit entry. Learners see the exam CANCELLED; it can no longer be started (409 exam.cancelled, also for an attempt left open), " +
                "ranked or published. Again on a CANCELLED exam: the same 200, nothing refunded twice. 409 exam.not_cancellable for a DRAFT (delete it) " +
                "or a RANKING, RANKED or PUBLISHED exam.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPost("/exams/{examId:guid}/preview", PreviewExam)
            .WithName("PreviewExam")
            .WithSummary("Preview an exam with its answers")
            .WithDescription("What a learner is served, with the right choices and explanations: the pinned questions (pinned true), or for a draft one sample of its items (pinned false, not kept).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Ok<AdminExamsResponse>> ListExams(string? status, [AsParameters] PageQuery page, ListAdminExams handler, CancellationToken ct) =>
        TypedResults.Ok(new AdminExamsResponse(await handler.HandleAsync(status, page.Skip, page.Take(50), ct)));

    public static async Task<Created<AdminExamDto>> CreateExam(ExamRequest request, HttpContext http, CreateExam handler, CancellationToken ct)
    {
        var exam = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/exams/{exam.Id}", exam);
    }

    public static async Task<Ok<AdminExamDto>> GetExam(Guid examId, GetAdminExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, ct));

    public static async Task<Ok<AdminExamDto>> UpdateExam(Guid examId, ExamRequest request, HttpContext http, UpdateExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, request, http.User.UserId(), ct));

    public static async Task<NoContent> DeleteExam(Guid examId, HttpContext http, DeleteExam handler, CancellationToken ct)
    {
        await handler.HandleAsync(examId, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<AdminExamDto>> ScheduleExam(Guid examId, HttpContext http, ScheduleExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, http.User.UserId(), ct));

    public static async Task<Ok<AdminExamDto>> UnscheduleExam(Guid examId, HttpContext http, UnscheduleExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, http.User.UserId(), ct));

    public static async Task<Ok<AdminExamDto>> ExtendExam(
        Guid examId, ExtendExamRequest request, HttpContext http, ExtendExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, request, http.User.UserId(), ct));

    public static async Task<Ok<ExamCancellationDto>> CancelExam(Guid examId, HttpContext http, CancelExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, http.User.UserId(), ct));

    public static async Task<Ok<ExamPreviewDto>> PreviewExam(Guid examId, PreviewExam handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(examId, ct));
}
