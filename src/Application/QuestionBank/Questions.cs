using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>Bank questions with their current version, newest change first; filter by category, status, tag, or text in the stem.</summary>
public sealed class ListQuestions(ILearningDb db)
{
    public async Task<IReadOnlyList<BankQuestionDto>> HandleAsync(
        Guid? categoryId, string? status, string? tag, string? search, long offset, int limit, CancellationToken cancellationToken)
    {
        QuestionStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.GetValues<QuestionStatus>().Cast<QuestionStatus?>()
                .FirstOrDefault(s => string.Equals(s!.Value.ToUpperSnake(), status, StringComparison.OrdinalIgnoreCase))
                ?? throw AppErrors.Validation("status", "status is one of DRAFT, READY, HIDDEN.");
        }

        var normalizedTag = tag?.Trim().ToLowerInvariant();
        var text = string.IsNullOrWhiteSpace(search) ? null : search.Trim().ToLowerInvariant();
        var rows = await (
                from q in db.BankQuestions.AsNoTracking()
                join v in db.QuestionVersions.AsNoTracking() on new { q.Id, Number = q.CurrentVersion } equals new { Id = v.QuestionId, v.Number }
                where (categoryId == null || q.CategoryId == categoryId)
                    && (wanted == null || q.Status == wanted)
                    && (normalizedTag == null || v.Tags.Contains(normalizedTag))
                    && (text == null || v.Stem.ToLower().Contains(text))
                orderby q.UpdatedAt descending, q.Id descending
                select new { q, v })
            .Skip((int)offset).Take(limit)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.q.ToDto(r.v))];
    }
}

public sealed class GetQuestion(ILearningDb db)
{
    public async Task<BankQuestionDto> HandleAsync(Guid questionId, CancellationToken cancellationToken)
    {
        var question = await db.BankQuestions.AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, cancellationToken)
            ?? throw QuestionBankErrors.QuestionNotFound();
        var current = await db.QuestionVersions.AsNoTracking()
            .SingleAsync(v => v.QuestionId == questionId && v.Number == question.CurrentVersion, cancellationToken);
        return question.ToDto(current);
    }
}

/// <summary>Every version of a question, newest first.</summary>
public sealed class ListQuestionVersions(ILearningDb db)
{
    public async Task<IReadOnlyList<QuestionVersionDto>> HandleAsync(Guid questionId, CancellationToken cancellationToken)
    {
        if (!await db.BankQuestions.AnyAsync(q => q.Id == questionId, cancellationToken))
        {
            throw QuestionBankErrors.QuestionNotFound();
        }

        var versions = await db.QuestionVersions.AsNoTracking().Where(v => v.QuestionId == questionId)
            .OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        return [.. versions.Select(v => v.ToDto())];
    }
}

public sealed class CreateQuestion(ILearningDb db, TimeProvider clock)
{
    public async Task<BankQuestionDto> HandleAsync(QuestionRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var content = request.ToContent();
        await EnsureCategoryAsync(db, request.CategoryId!.Value, cancellationToken);
        var now = clock.GetUtcNow();
        var (question, version) = BankQuestion.Create(request.CategoryId.Value, content, request.Status ?? QuestionStatus.Ready, adminId, now);
        db.BankQuestions.Add(question);
        db.QuestionVersions.Add(version);
        db.Record(adminId, "created", AuditEntity.Question, question.Id, now, new { version = 1, status = question.Status.ToUpperSnake() });
        await db.SaveChangesAsync(cancellationToken);
        return question.ToDto(version);
    }

    internal static async Task EnsureCategoryAsync(ILearningDb db, Guid categoryId, CancellationToken cancellationToken)
    {
        if (!await db.QuestionCategories.AnyAsync(c => c.Id == categoryId, cancellationToken))
        {
            throw QuestionBankErrors.CategoryNotFound();
        }
    }
}

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

/// <summary>DRAFT, READY or HIDDEN; exams that pinned the question keep their copy whatever its status becomes.</summary>
public sealed class SetQuestionStatus(ILearningDb db, TimeProvider clock)
{
    public async Task<BankQuestionDto> HandleAsync(Guid questionId, QuestionStatus status, Guid adminId, CancellationToken cancellationToken)
    {
        var question = await db.BankQuestions.SingleOrDefaultAsync(q => q.Id == questionId, cancellationToken)
            ?? throw QuestionBankErrors.QuestionNotFound();
        var now = clock.GetUtcNow();
        if (question.Status != status)
        {
            var before = question.Status;
            question.SetStatus(status, now);
            db.Record(adminId, "status_changed", AuditEntity.Question, question.Id, now,
                new { from = before.ToUpperSnake(), to = status.ToUpperSnake() });
            await db.SaveChangesAsync(cancellationToken);
        }

        var current = await db.QuestionVersions.AsNoTracking()
            .SingleAsync(v => v.QuestionId == questionId && v.Number == question.CurrentVersion, cancellationToken);
        return question.ToDto(current);
    }
}
