using LearningPlatform.Application.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

/// <summary>Bank questions with their current version, newest change first; filter by category, status, tag, or text in the stem.</summary>
public sealed class ListQuestions(ILearningDb db)
{
    public async Task<IReadOnlyList<BankQuestionDto>> HandleAsync(
        Guid? categoryId, string? status, string? tag, string? search, long offset, int limit, CancellationToken cancellationToken)
    {
        var wanted = EnumQuery.Parse<QuestionStatus>(status, "status");
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
