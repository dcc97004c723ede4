using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Attempts;

/// <summary>A question as the learner sees it: never the correct choice.</summary>
public sealed record QuestionDto(Guid Id, int Number, string Text, int Points, IReadOnlyList<ChoiceDto> Choices);

public sealed record ChoiceDto(Guid Id, string Text);

public static class AttemptQuestions
{
    /// <summary>
    /// Streams an attempt's questions from the database in the attempt's own order. Choices come in an order of
    /// their own per attempt (a stable shuffle keyed by the attempt id), so neither the authoring order nor a
    /// neighbour's screen gives the answer away, and a resumed attempt sees the same screen.
    /// </summary>
    public static async IAsyncEnumerable<QuestionDto> StreamAsync(
        ILearningDb db, Guid attemptId, Guid examId, Guid[] order,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = db.Questions.AsNoTracking()
            .Where(q => q.ExamId == examId && order.Contains(q.Id))
            .OrderBy(q => Array.IndexOf(order, q.Id))
            .Select(q => new
            {
                q.Id,
                q.Text,
                q.Points,
                Choices = q.Choices.Select(c => new ChoiceDto(c.Id, c.Text)).ToList(),
            })
            .AsAsyncEnumerable();

        var number = 0;
        await foreach (var q in rows.WithCancellation(cancellationToken))
        {
            var choices = q.Choices.OrderBy(c => ShuffleKey(attemptId, c.Id)).ToList();
            yield return new QuestionDto(q.Id, ++number, q.Text, q.Points, choices);
        }
    }

    private static ulong ShuffleKey(Guid attemptId, Guid choiceId)
    {
        Span<byte> bytes = stackalloc byte[32];
        attemptId.TryWriteBytes(bytes);
        choiceId.TryWriteBytes(bytes[16..]);
        return System.IO.Hashing.XxHash3.HashToUInt64(bytes);
    }
}
