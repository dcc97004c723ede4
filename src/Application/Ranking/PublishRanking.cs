using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using LearningPlatform.Application.Audit;
using LearningPlatform.Domain.Audit;

namespace LearningPlatform.Application.Ranking;

public sealed record PublishResultDto(Guid ExamId, ExamRankingStatus Status, int Winners, long LeaderboardEntries, bool LeaderboardWritten);

/// <summary>
/// Publishes a ranked exam: RANKED → PUBLISHED (results are published with their exam), and, in the same transaction,
/// the notification intents: one personal message per prize winner and one broadcast to the exam's topic (no rows per
/// participant). After the commit the final leaderboard is written to Redis; if Redis is away, the first read rebuilds it.
/// </summary>
public sealed class PublishRanking(
    ILearningDb db, IExamRanker ranker, ILeaderboardCache leaderboard, ILeaderboardSource source, TimeProvider clock,
    LearningMetrics metrics, ILogger<PublishRanking> logger)
{
    public const string ResultsPublishedType = "exam.results_published";

    public static string TopicOf(Guid examId) => $"exam-{examId}";

    public static string DeeplinkOf(Guid examId) => $"learning://exams/{examId}/result";

    public async Task<PublishResultDto> HandleAsync(Guid examId, Guid adminId, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        int winners;
        await using (await db.BeginTransactionAsync(cancellationToken))
        {
            var exam = await db.Exams.SingleOrDefaultAsync(e => e.Id == examId, cancellationToken) ?? throw ExamErrors.NotFound();
            if (exam.RankingStatus != ExamRankingStatus.Ranked)
            {
                throw exam.RankingStatus == ExamRankingStatus.Cancelled ? ExamErrors.Cancelled() : RankingErrors.NotRanked(exam.RankingStatus);
            }

            var now = clock.GetUtcNow();
            exam.Publish();
            winners = await ranker.WriteWinnerNoticesAsync(exam, now, cancellationToken);
            db.Outbox.Add(OutboxMessage.ToTopic(
                ResultsPublishedType,
                TopicOf(examId),
                new PushPayload("Results are out", $"See where you placed in {exam.Title}.", DeeplinkOf(examId),
                    new Dictionary<string, string?> { ["examId"] = examId.ToString() }).ToJson(),
                $"{ResultsPublishedType}:{examId}",
                now));
            db.Record(adminId, "published", AuditEntity.Ranking, examId, now, new { winners });

            // The exam's row version fences a second publish running at the same time.
            await db.SaveChangesAsync(cancellationToken);
            await db.CommitAsync(cancellationToken);
        }

        logger.LogInformation("Exam {ExamId} published by {AdminId}: {Winners} winner notices and one topic broadcast queued",
            examId, adminId, winners);

        // Committed: from here the admin's disconnect must not stop the board halfway.
        long entries = 0;
        var written = true;
        try
        {
            entries = await leaderboard.ReplaceAsync(examId, final: true, source.ReadAsync(examId, true, CancellationToken.None), CancellationToken.None);
        }
        catch (Exception ex)
        {
            written = false;
            logger.LogWarning("Final leaderboard of exam {ExamId} not written to Redis ({Error}); the first read rebuilds it", examId, ex.Message);
            try
            {
                // Not leave the live board standing in for the final one (reads also refuse a live board of a published exam).
                await leaderboard.ForgetAsync(examId, CancellationToken.None);
            }
            catch (Exception forgetFailed)
            {
                // Redis is away; the first read after it returns sees a live board of a published exam and rebuilds.
                logger.LogWarning("Leaderboard of exam {ExamId} not dropped either ({Error})", examId, forgetFailed.Message);
            }
        }

        metrics.Published(clock.GetElapsedTime(started));
        return new PublishResultDto(examId, ExamRankingStatus.Published, winners, entries, written);
    }
}
