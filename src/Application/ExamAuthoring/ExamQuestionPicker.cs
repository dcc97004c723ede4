using LearningPlatform.Application.Common;
using LearningPlatform.Application.QuestionBank;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.QuestionBank;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>
/// Turns an exam's items into question versions: each bank question at its chosen (or current) version, then each
/// draw made from its pool among the READY questions not already in the exam. A problem with an item is reported by
/// its index (<c>items[2]</c>), all at once, so an admin fixes everything in one go.
/// </summary>
public sealed class ExamQuestionPicker(ILearningDb db, Random random)
{
    public async Task<(IReadOnlyList<PinnedQuestion> Questions, Dictionary<string, string[]> Problems)> PickAsync(
        Exam exam, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>();
        var picked = new List<QuestionVersion>();
        var used = new HashSet<Guid>();
        var items = exam.Items;

        var fixedIds = items.Where(i => !i.IsDraw).Select(i => i.QuestionId!.Value).Distinct().ToList();
        var questions = await db.BankQuestions.AsNoTracking().Where(q => fixedIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, cancellationToken);
        // Every version of those questions in one read (an item may name an older one).
        var versions = await db.QuestionVersions.AsNoTracking().Where(v => fixedIds.Contains(v.QuestionId))
            .ToDictionaryAsync(v => (v.QuestionId, v.Number), cancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.IsDraw)
            {
                continue;
            }

            var key = $"items[{i}]";
            if (!questions.TryGetValue(item.QuestionId!.Value, out var question))
            {
                problems[key] = [$"There is no question {item.QuestionId}."];
                continue;
            }

            if (question.Status != QuestionStatus.Ready)
            {
                problems[key] = [$"Question {question.Id} is {question.Status.ToUpperSnake()}; only READY questions go into an exam."];
                continue;
            }

            if (!used.Add(question.Id))
            {
                problems[key] = [$"Question {question.Id} is in the exam twice."];
                continue;
            }

            var number = item.Version ?? question.CurrentVersion;
            if (!versions.TryGetValue((question.Id, number), out var version))
            {
                problems[key] = [$"Question {question.Id} has no version {number}."];
                continue;
            }

            picked.Add(version);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!item.IsDraw)
            {
                continue;
            }

            var key = $"items[{i}]";
            var pool = await db.QuestionPools.AsNoTracking().SingleOrDefaultAsync(p => p.Id == item.PoolId, cancellationToken);
            if (pool is null)
            {
                problems[key] = [$"There is no pool {item.PoolId}."];
                continue;
            }

            var candidates = await PoolQuestions.Matching(db, pool.CategoryId, pool.Tags)
                .Where(v => !used.Contains(v.QuestionId))
                .ToListAsync(cancellationToken);
            if (candidates.Count < item.Count)
            {
                problems[key] = [$"Pool \"{pool.Name}\" has {candidates.Count} READY questions not already in this exam; the draw needs {item.Count}."];
                continue;
            }

            // One draw, made now, for every learner: scores compare because everyone answers the same questions.
            var draw = candidates.ToArray();
            random.Shuffle(draw);
            foreach (var version in draw.Take(item.Count!.Value))
            {
                used.Add(version.QuestionId);
                picked.Add(version);
            }
        }

        return ([.. picked.Select(v => new PinnedQuestion(v.Id, v.Stem, v.Points, v.Explanation, [.. v.Choices.Select(c => (c.Text, c.IsCorrect))]))],
            problems);
    }
}
