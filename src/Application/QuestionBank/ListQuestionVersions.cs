using LearningPlatform.Application.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

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
