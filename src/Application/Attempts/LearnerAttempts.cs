using System.Diagnostics.CodeAnalysis;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Attempts;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Attempts;

/// <summary>Loads one of the caller's own attempts, checked against its attempt token, with lazy expiry applied.</summary>
internal static class LearnerAttempts
{
    /// <summary>
    /// Someone else's attempt is reported as missing (404), never as forbidden, so ids do not leak.
    /// An attempt whose time ran out is saved as EXPIRED before the caller's move is refused.
    /// Of the responses only the one to <paramref name="withResponseTo"/> is loaded (what answering needs).
    /// </summary>
    public static async Task<Attempt> LoadAsync(
        ILearningDb db, Guid learnerId, Guid attemptId, string? attemptToken, DateTimeOffset now,
        CancellationToken cancellationToken, Guid? withResponseTo = null)
    {
        IQueryable<Attempt> query = withResponseTo is { } questionId
            ? db.Attempts.Include(a => a.Responses.Where(r => r.QuestionId == questionId))
            : db.Attempts;
        var attempt = await query
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.LearnerId == learnerId, cancellationToken);
        EnsureOwnedAndUnlocked(attempt, attemptToken);

        if (attempt.ExpireIfDue(now))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return attempt;
    }

    /// <summary>
    /// The answer path's read: untracked, through <see cref="IAnswerStore"/> (from its memory when
    /// <paramref name="mayRecall"/>), with the same checks. An attempt whose time ran out goes through
    /// <see cref="LoadAsync"/> instead, which saves it as EXPIRED (the answer is then refused).
    /// </summary>
    public static async Task<AnswerRead> LoadForAnswerAsync(
        IAnswerStore answers, ILearningDb db, Guid learnerId, Guid attemptId, string? attemptToken, Guid questionId,
        DateTimeOffset now, bool mayRecall, CancellationToken cancellationToken)
    {
        var read = await answers.FindAsync(learnerId, attemptId, questionId, mayRecall, cancellationToken);
        EnsureOwnedAndUnlocked(read?.Attempt, attemptToken);
        return read.Attempt.ExpireIfDue(now)
            ? new AnswerRead(await LoadAsync(db, learnerId, attemptId, attemptToken, now, cancellationToken, withResponseTo: questionId), false)
            : read;
    }

    private static void EnsureOwnedAndUnlocked([NotNull] Attempt? attempt, string? attemptToken)
    {
        if (attempt is null)
        {
            throw AttemptErrors.NotFound();
        }

        if (!AttemptTokens.Matches(attempt.TokenHash, attemptToken))
        {
            throw AppErrors.AttemptTokenInvalid();
        }
    }
}
