using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.QuestionBank.Import;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.QuestionBank;

public sealed record ImportedQuestionRef(int? Line, int? Item, Guid QuestionId);

/// <summary>A question of the file that the bank already holds (same stem and choices): reported, not created again.</summary>
public sealed record SkippedDuplicate(int? Line, int? Item, Guid ExistingQuestionId);

/// <summary>What an import created: the questions by their line (GIFT) or item (JSON), the duplicates skipped, the categories made.</summary>
public sealed record QuestionImportReport(
    int Created, IReadOnlyList<ImportedQuestionRef> Questions, IReadOnlyList<SkippedDuplicate> Duplicates, IReadOnlyList<string> CategoriesCreated);

/// <summary>
/// Imports questions from GIFT or our JSON format, all or nothing: any problem in the file (reported by line or item)
/// and nothing is created. Questions the bank already holds are skipped and reported, so importing the same file twice
/// creates nothing new. A question goes to its file's category (created if missing), else to <c>categoryId</c>.
/// Created READY, version 1, one audit entry each. One import at a time (a lock), so two uploads of the same file
/// cannot both pass the duplicate check.
/// </summary>
public sealed class ImportQuestions(ILearningDb db, IDistributedLocks locks, TimeProvider clock, ILogger<ImportQuestions> logger)
{
    public static readonly TimeSpan LockLease = TimeSpan.FromMinutes(2);

    public Task<QuestionImportReport> HandleGiftAsync(string text, Guid? categoryId, Guid adminId, CancellationToken cancellationToken) =>
        ImportAsync(GiftParser.Parse(text), "gift", categoryId, adminId, cancellationToken);

    public Task<QuestionImportReport> HandleJsonAsync(QuestionImportDocument? document, Guid? categoryId, Guid adminId, CancellationToken cancellationToken) =>
        ImportAsync(JsonQuestionImport.Validate(document), "json", categoryId, adminId, cancellationToken);

    private async Task<QuestionImportReport> ImportAsync(
        QuestionImportResult parsed, string format, Guid? categoryId, Guid adminId, CancellationToken cancellationToken)
    {
        if (!parsed.Succeeded)
        {
            throw ImportErrors.Refused(parsed.Problems);
        }

        if (categoryId is { } given && !await db.QuestionCategories.AnyAsync(c => c.Id == given, cancellationToken))
        {
            throw QuestionBankErrors.CategoryNotFound();
        }

        var homeless = parsed.Questions.Where(q => q.CategoryPath is null && categoryId is null).ToList();
        if (homeless.Count > 0)
        {
            throw ImportErrors.Refused([.. homeless.Take(ImportLimits.MaxProblems).Select(q => new ImportProblem(q.Line, q.Item, "import.no_category",
                $"The question at {q.Where} has no category: give the file a category ($CATEGORY: in GIFT, \"category\" in JSON) or pass ?categoryId=."))]);
        }

        await using var importLock = await locks.TryAcquireAsync("lock:question-import", LockLease, cancellationToken)
            ?? throw AppErrors.ImportInProgress();

        var keys = parsed.Questions.Select(q => q.DuplicateKey).Distinct().ToList();
        var existing = (await db.QuestionVersions.AsNoTracking().Where(v => keys.Contains(v.DuplicateKey))
                .Select(v => new { v.DuplicateKey, v.QuestionId }).ToListAsync(cancellationToken))
            .GroupBy(v => v.DuplicateKey).ToDictionary(g => g.Key, g => g.First().QuestionId);

        var names = parsed.Questions.Where(q => q.CategoryPath is not null).Select(q => q.CategoryPath!).Distinct().ToList();
        var categories = await db.QuestionCategories.Where(c => names.Contains(c.Name)).ToDictionaryAsync(c => c.Name, c => c.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var createdCategories = new List<string>();
        foreach (var name in names.Where(n => !categories.ContainsKey(n)))
        {
            var category = QuestionCategory.Create(name, now);
            db.QuestionCategories.Add(category);
            db.Record(adminId, "created", AuditEntity.Category, category.Id, now, new { category.Name, import = format });
            categories[name] = category.Id;
            createdCategories.Add(name);
        }

        var created = new List<ImportedQuestionRef>();
        var duplicates = new List<SkippedDuplicate>();
        foreach (var imported in parsed.Questions)
        {
            if (existing.TryGetValue(imported.DuplicateKey, out var existingId))
            {
                duplicates.Add(new SkippedDuplicate(imported.Line, imported.Item, existingId));
                continue;
            }

            var content = imported.ToContent();
            var home = imported.CategoryPath is { } path ? categories[path] : categoryId!.Value;
            var (question, version) = BankQuestion.Create(home, content, QuestionStatus.Ready, adminId, now);
            db.BankQuestions.Add(question);
            db.QuestionVersions.Add(version);
            db.Record(adminId, "imported", AuditEntity.Question, question.Id, now, new { format, line = imported.Line, item = imported.Item });
            created.Add(new ImportedQuestionRef(imported.Line, imported.Item, question.Id));
        }

        // One SaveChanges: all of it or none of it.
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Admin {AdminId} imported {Created} questions ({Format}); {Duplicates} duplicates skipped, {Categories} categories created",
            adminId, created.Count, format, duplicates.Count, createdCategories.Count);
        return new QuestionImportReport(created.Count, created, duplicates, createdCategories);
    }
}
