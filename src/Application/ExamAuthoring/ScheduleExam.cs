using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Exams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>
/// DRAFT → SCHEDULED: checks everything (items, window, prize table against the pool, the coupon campaigns it names) and names every problem (400
/// <c>exam.not_schedulable</c> with <c>errors</c>), else pins the question versions and makes the pool draws, once,
/// for every learner.
/// </summary>
public sealed class ScheduleExam(ILearningDb db, ExamQuestionPicker picker, TimeProvider clock, ILogger<ScheduleExam> logger)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.Include(e => e.Questions).SingleOrDefaultAsync(e => e.Id == examId, cancellationToken)
            ?? throw ExamErrors.NotFound();
        exam.EnsureDraft();
        var now = clock.GetUtcNow();
        var (questions, problems) = await picker.PickAsync(exam, cancellationToken);
        var itemProblems = problems.Count > 0;
        foreach (var (field, messages) in exam.SchedulingProblems(questions.Count, now))
        {
            // "No questions" only says again what the items' own problems said.
            if (!(itemProblems && field == "items"))
            {
                problems[field] = messages;
            }
        }

        var missingCampaigns = await MissingCampaignsAsync(exam, cancellationToken);
        if (missingCampaigns.Count > 0)
        {
            problems["prizes"] = [.. problems.GetValueOrDefault("prizes") ?? [], .. missingCampaigns.Select(id => $"Coupon campaign {id} does not exist.")];
        }

        if (problems.Count > 0)
        {
            throw ExamErrors.NotSchedulable(problems);
        }

        exam.Schedule(questions, now);
        db.Record(adminId, "scheduled", AuditEntity.Exam, exam.Id, now,
            new { exam.OpensAt, exam.ClosesAt, versions = questions.Select(q => q.VersionId) });
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Exam {ExamId} scheduled by {AdminId}: {Questions} questions pinned, opens {OpensAt:O}",
            exam.Id, adminId, questions.Count, exam.OpensAt);
        return exam.ToAdminDto(exam.Questions.Count, now);
    }

    /// <summary>The coupon campaigns the prize table names that do not exist (a draft may name any; winners would hold a reward no stock can fill).</summary>
    private async Task<List<Guid>> MissingCampaignsAsync(Exam exam, CancellationToken cancellationToken)
    {
        var named = exam.Prizes.Tiers.Select(t => t.Prize.CouponCampaignId).OfType<Guid>().Distinct().ToList();
        if (named.Count == 0)
        {
            return named;
        }

        var known = await db.CouponCampaigns.Where(c => named.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        return [.. named.Except(known)];
    }
}
