using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.ExamAuthoring;

/// <summary>Every exam, drafts included, newest first; optionally of one status.</summary>
public sealed class ListAdminExams(ILearningDb db, TimeProvider clock)
{
    public async Task<IReadOnlyList<AdminExamDto>> HandleAsync(string? status, long offset, int limit, CancellationToken cancellationToken)
    {
        AdminExamStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.GetValues<AdminExamStatus>().Cast<AdminExamStatus?>()
                .FirstOrDefault(s => string.Equals(s!.Value.ToUpperSnake(), status, StringComparison.OrdinalIgnoreCase))
                ?? throw AppErrors.Validation("status", $"status is one of {string.Join(", ", Enum.GetValues<AdminExamStatus>().Select(s => s.ToUpperSnake()))}.");
        }

        var now = clock.GetUtcNow();
        var exams = db.Exams.AsNoTracking();
        exams = wanted switch
        {
            null => exams,
            AdminExamStatus.Draft => exams.Where(e => e.RankingStatus == ExamRankingStatus.Draft),
            AdminExamStatus.Scheduled => exams.Where(e => e.RankingStatus == ExamRankingStatus.Open && now < e.OpensAt),
            AdminExamStatus.Open => exams.Where(e => e.RankingStatus == ExamRankingStatus.Open && e.OpensAt <= now && now < e.ClosesAt),
            AdminExamStatus.Closed => exams.Where(e => e.RankingStatus == ExamRankingStatus.Closed || (e.RankingStatus == ExamRankingStatus.Open && e.ClosesAt <= now)),
            AdminExamStatus.Ranking => exams.Where(e => e.RankingStatus == ExamRankingStatus.Ranking),
            AdminExamStatus.Ranked => exams.Where(e => e.RankingStatus == ExamRankingStatus.Ranked),
            _ => exams.Where(e => e.RankingStatus == ExamRankingStatus.Published),
        };
        var rows = await exams.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip((int)offset).Take(limit)
            .Select(e => new { Exam = e, Questions = e.Questions.Count })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.Exam.ToAdminDto(r.Questions, now))];
    }
}

public sealed class GetAdminExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, CancellationToken cancellationToken)
    {
        var row = await db.Exams.AsNoTracking().Where(e => e.Id == examId).Select(e => new { Exam = e, Questions = e.Questions.Count })
            .SingleOrDefaultAsync(cancellationToken) ?? throw ExamErrors.NotFound();
        return row.Exam.ToAdminDto(row.Questions, clock.GetUtcNow());
    }
}

/// <summary>A new DRAFT exam. Learners do not see it until it is scheduled.</summary>
public sealed class CreateExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(ExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var exam = Exam.CreateDraft(request.ToDefinition(), now);
        db.Exams.Add(exam);
        db.Record(adminId, "created", AuditEntity.Exam, exam.Id, now, new { exam.Title });
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}

/// <summary>Replaces a DRAFT's definition; anything else is 409 <c>exam.not_draft</c>.</summary>
public sealed class UpdateExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, ExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        exam.Redefine(request.ToDefinition());
        var now = clock.GetUtcNow();
        db.Record(adminId, "updated", AuditEntity.Exam, exam.Id, now, new { exam.Title, exam.OpensAt, exam.ClosesAt, items = exam.Items.Count });
        // The row version: an admin scheduling it meanwhile wins, this save is 409.
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}

public sealed class DeleteExam(ILearningDb db, TimeProvider clock)
{
    public async Task HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        exam.EnsureDraft();
        db.Exams.Remove(exam);
        db.Record(adminId, "deleted", AuditEntity.Exam, exam.Id, clock.GetUtcNow(), new { exam.Title });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// DRAFT → SCHEDULED: checks everything (items, window, prize table against the pool) and names every problem (400
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
}

/// <summary>SCHEDULED → DRAFT before the window opens; after that 409 <c>exam.already_opened</c>.</summary>
public sealed class UnscheduleExam(ILearningDb db, IQuestionPools pools, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.Include(e => e.Questions).SingleOrDefaultAsync(e => e.Id == examId, cancellationToken)
            ?? throw ExamErrors.NotFound();
        var now = clock.GetUtcNow();
        exam.Unschedule(now);
        db.Record(adminId, "unscheduled", AuditEntity.Exam, exam.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        // Nobody can have loaded the questions of an exam that never opened; forgetting them here is belt and braces.
        await pools.InvalidateAsync(examId, cancellationToken);
        return exam.ToAdminDto(0, now);
    }
}

/// <summary>Moves a scheduled or open exam's close later; earlier is 409 <c>exam.cannot_shorten</c>.</summary>
public sealed class ExtendExam(ILearningDb db, TimeProvider clock)
{
    public async Task<AdminExamDto> HandleAsync(Guid examId, ExtendExamRequest request, Guid adminId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        var now = clock.GetUtcNow();
        var before = exam.ClosesAt;
        exam.Extend(request.ClosesAt!.Value, now);
        db.Record(adminId, "extended", AuditEntity.Exam, exam.Id, now, new { from = before, to = exam.ClosesAt });
        // The row version: the nightly job closing the exam at the same moment wins, this save is 409.
        await db.SaveChangesAsync(cancellationToken);
        return exam.ToAdminDto(await db.Questions.CountAsync(q => q.ExamId == examId, cancellationToken), now);
    }
}

/// <summary>
/// What a learner would be served, with the answers: a scheduled exam's pinned questions, or for a draft one sample
/// of its items (draws are made afresh each time and not kept).
/// </summary>
public sealed class PreviewExam(ILearningDb db, ExamQuestionPicker picker)
{
    public async Task<ExamPreviewDto> HandleAsync(Guid examId, CancellationToken cancellationToken)
    {
        var exam = await db.Exams.AsNoTracking().Include(e => e.Questions).ThenInclude(q => q.Choices)
            .SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
        if (exam.RankingStatus != ExamRankingStatus.Draft)
        {
            return new ExamPreviewDto(exam.Id, true, [.. exam.Questions.OrderBy(q => q.Position).Select((q, i) => new PreviewQuestionDto(
                i + 1, q.SourceVersionId, q.Text, q.Points, q.Explanation,
                [.. q.Choices.OrderBy(c => c.Position).Select(c => new PreviewChoiceDto(c.Text, c.IsCorrect))]))]);
        }

        var (questions, problems) = await picker.PickAsync(exam, cancellationToken);
        if (problems.Count > 0)
        {
            throw ExamErrors.NotSchedulable(problems);
        }

        return new ExamPreviewDto(exam.Id, false, [.. questions.Select((q, i) => new PreviewQuestionDto(
            i + 1, q.VersionId, q.Stem, q.Points, q.Explanation, [.. q.Choices.Select(c => new PreviewChoiceDto(c.Text, c.IsCorrect))]))]);
    }
}
