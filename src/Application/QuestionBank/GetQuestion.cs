using LearningPlatform.Application.Common;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.QuestionBank;

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
