using LearningPlatform.Application.Common;
using LearningPlatform.Application.QuestionBank;
using LearningPlatform.Application.QuestionBank.Import;
using Microsoft.AspNetCore.Mvc;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record QuestionsResponse(IReadOnlyList<BankQuestionDto> Questions);

public sealed record QuestionVersionsResponse(IReadOnlyList<QuestionVersionDto> Versions);

/// <summary>The question bank: questions with immutable versions.</summary>
public static class QuestionEndpoints
{
    private const string ContentRules =
        " Content rules (400 question.invalid with field errors): stem 1..2000 characters (line breaks allowed), 2..8 choices of " +
        "1..500 characters with exactly one correct, points 1..1000 (default 1), explanation ≤ 2000, title ≤ 200, up to 10 tags of a-z, 0-9, '-'.";

    public static RouteGroupBuilder MapQuestionEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/questions", ListQuestions)
            .WithName("ListQuestions")
            .WithSummary("List bank questions")
            .WithDescription("Questions with their current version, most recently changed first (limit 1..100, default 50). Filters: " +
                "categoryId, status (DRAFT, READY, HIDDEN), tag, search (text in the stem, case-insensitive).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/questions", CreateQuestion)
            .WithName("CreateQuestion")
            .WithSummary("Create a bank question")
            .WithDescription("Creates version 1. status defaults to READY." + ContentRules)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/questions/{questionId:guid}", GetQuestion)
            .WithName("GetQuestion")
            .WithSummary("Read a bank question")
            .WithDescription("The question, its status and category, and its current version with the right choice.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/questions/{questionId:guid}", EditQuestion)
            .WithName("EditQuestion")
            .WithSummary("Edit a bank question")
            .WithDescription("Different content makes a new version; earlier versions, and the exams that pinned them, never change. " +
                "The same content again adds no version. Category and status change the question itself. Two admins at once: one 200, one 409." + ContentRules)
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPut("/questions/{questionId:guid}/status", SetQuestionStatus)
            .WithName("SetQuestionStatus")
            .WithSummary("Set a bank question's status")
            .WithDescription("Body {\"status\": \"READY\"}: DRAFT, READY (can go into exams and pools) or HIDDEN (retired). Questions are never deleted.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/questions/import/gift", ImportGift)
            .WithName("ImportQuestionsGift")
            .WithSummary("Import questions from a GIFT file")
            .WithDescription("Body: a GIFT file (text/plain, UTF-8, ≤ 1 MiB, ≤ 500 questions; the subset in docs/question-import.md: multiple choice and " +
                "true/false, ::title::, =/~, #feedback, ####explanation, // comments, $CATEGORY:, // tags: and // points: lines). All or nothing: any problem " +
                "is 400 import.refused with problems [{line, code, message}] and nothing is created. Questions the bank already holds (same stem and choices) " +
                "are skipped and listed in duplicates. Questions without a $CATEGORY go to ?categoryId= (404 category.not_found if unknown).")
            .Accepts<string>("text/plain")
            .WithMetadata(new RequestSizeLimitAttribute(ImportLimits.MaxGiftBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        admin.MapPost("/questions/import", ImportJson)
            .WithName("ImportQuestionsJson")
            .WithSummary("Import questions from JSON")
            .WithDescription("Body: {\"questions\": [{title?, category?, stem, choices: [{text, correct, feedback?}], points?, explanation?, tags?}]} " +
                "(≤ 1 MiB, ≤ 500 questions; the schema below). All or nothing: any problem is 400 import.refused with problems [{item, code, message}] " +
                "(item = index in questions) and nothing is created; duplicates of bank questions are skipped and listed. Questions without a category go to ?categoryId=.")
            .WithMetadata(new RequestSizeLimitAttribute(ImportLimits.MaxJsonBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        admin.MapGet("/questions/{questionId:guid}/versions", ListQuestionVersions)
            .WithName("ListQuestionVersions")
            .WithSummary("List a bank question's versions")
            .WithDescription("Every version, newest first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Ok<QuestionsResponse>> ListQuestions(
        Guid? categoryId, string? status, string? tag, string? search, [AsParameters] PageQuery page, ListQuestions handler, CancellationToken ct) =>
        TypedResults.Ok(new QuestionsResponse(await handler.HandleAsync(categoryId, status, tag, search, page.Skip, page.Take(50), ct)));

    public static async Task<Created<BankQuestionDto>> CreateQuestion(QuestionRequest request, HttpContext http, CreateQuestion handler, CancellationToken ct)
    {
        var question = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/questions/{question.Id}", question);
    }

    public static async Task<Ok<BankQuestionDto>> GetQuestion(Guid questionId, GetQuestion handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(questionId, ct));

    public static async Task<Ok<BankQuestionDto>> EditQuestion(
        Guid questionId, QuestionRequest request, HttpContext http, EditQuestion handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(questionId, request, http.User.UserId(), ct));

    public static async Task<Ok<BankQuestionDto>> SetQuestionStatus(
        Guid questionId, QuestionStatusRequest request, HttpContext http, SetQuestionStatus handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(questionId, request.Status!.Value, http.User.UserId(), ct));

    public static async Task<Ok<QuestionImportReport>> ImportGift(Guid? categoryId, HttpContext http, ImportQuestions handler, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        return TypedResults.Ok(await handler.HandleGiftAsync(text, categoryId, http.User.UserId(), ct));
    }

    public static async Task<Ok<QuestionImportReport>> ImportJson(
        Guid? categoryId, QuestionImportDocument document, HttpContext http, ImportQuestions handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleJsonAsync(document, categoryId, http.User.UserId(), ct));

    public static async Task<Ok<QuestionVersionsResponse>> ListQuestionVersions(Guid questionId, ListQuestionVersions handler, CancellationToken ct) =>
        TypedResults.Ok(new QuestionVersionsResponse(await handler.HandleAsync(questionId, ct)));
}
