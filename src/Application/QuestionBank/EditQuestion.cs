using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>
/// Changes a question: new content is a new version (the earlier ones, and every exam that pinned one, stay as they
/// were); a new category or status changes the question itself. Sending the current content again adds no version.
/// Two admins editing at once: one wins, the other gets 409 and reloads.
/// </summary>
public sealed class EditQuestion(ILearningDb db, TimeProvider clock)
{
    public async Task<BankQuestionDto> HandleAsync(Guid questionId, QuestionRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var question = await db.BankQuestions.SingleOrDefaultAsync(q => q.Id == questionId, cancellationToken)
            ?? throw QuestionBankErrors.QuestionNotFound();
        var content = request.ToContent();
        var current = await db.QuestionVersions.AsNoTracking()
            .SingleAsync(v => v.QuestionId == questionId && v.Number == question.CurrentVersion, cancellationToken);
        var now = clock.GetUtcNow();
        var changes = new List<string>();
        if (request.CategoryId!.Value != question.CategoryId)
        {
            await CreateQuestion.EnsureCategoryAsync(db, request.CategoryId.Value, cancellationToken);
            question.MoveTo(request.CategoryId.Value, now);
            changes.Add("category");
        }

        if (request.Status is { } status && status != question.Status)
        {
            question.SetStatus(status, now);
            changes.Add("status");
        }

        if (!SameContent(content, current))
        {
            current = question.Edit(content, adminId, now);
            db.QuestionVersions.Add(current);
            changes.Add("content");
        }

        if (changes.Count > 0)
        {
            db.Record(adminId, "edited", AuditEntity.Question, question.Id, now,
                new { changes, version = question.CurrentVersion, status = question.Status.ToUpperSnake(), categoryId = question.CategoryId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return question.ToDto(current);
    }

    private static bool SameContent(QuestionContent content, QuestionVersion version) =>
        content.Title == version.Title && content.Stem == version.Stem && content.Points == version.Points
        && content.Explanation == version.Explanation && content.Tags.SequenceEqual(version.Tags)
        && content.Choices.SequenceEqual(version.Choices);
}
