using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Ranking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>
/// Seeds the demo contest and the demo practice exam the README walks through. Idempotent: an existing one is left alone.
/// </summary>
public static class DemoSeeder
{
    public static readonly Guid DemoExamId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e01");
    public static readonly Guid DemoPracticeExamId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e02");

    private static readonly (string Text, string[] Choices)[] Questions =
    [
        ("What is 7 × 8?", ["56", "54", "64", "48"]),
        ("Which planet is closest to the Sun?", ["Mercury", "Venus", "Mars", "Earth"]),
        ("What is the chemical symbol of gold?", ["Au", "Ag", "Gd", "Go"]),
        ("How many sides has a hexagon?", ["6", "5", "7", "8"]),
        ("What is the square root of 144?", ["12", "14", "11", "16"]),
        ("Which gas do plants take in for photosynthesis?", ["Carbon dioxide", "Oxygen", "Nitrogen", "Helium"]),
        ("What is 15% of 200?", ["30", "15", "20", "35"]),
        ("Which is the largest ocean?", ["Pacific", "Atlantic", "Indian", "Arctic"]),
        ("What is the boiling point of water at sea level in °C?", ["100", "90", "110", "120"]),
        ("How many minutes are in three hours?", ["180", "120", "160", "200"]),
    ];

    public static async Task SeedAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken = default)
    {
        await SeedContestAsync(db, clock, logger, cancellationToken);
        await SeedPracticeAsync(db, clock, logger, cancellationToken);
    }

    private static void AddQuestions(Exam exam, int count)
    {
        foreach (var (text, choices) in Questions.Take(count))
        {
            // The first listed choice is the correct one here; learners see the choices shuffled per attempt.
            exam.AddQuestion(text, 10, choices.Select((c, i) => (c, i == 0)).ToArray());
        }
    }

    private static async Task SeedPracticeAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.Exams.AnyAsync(e => e.Id == DemoPracticeExamId, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var practice = Exam.Create(
            "Demo: practice round (answers shown at the end)", now.AddHours(-1), now.AddDays(365), TimeSpan.FromMinutes(5), now,
            maxAttempts: 100, id: DemoPracticeExamId, mode: ExamMode.Practice);
        AddQuestions(practice, 5);
        db.Exams.Add(practice);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo practice exam {ExamId}", DemoPracticeExamId);
    }

    private static async Task SeedContestAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.Exams.AnyAsync(e => e.Id == DemoExamId, cancellationToken))
        {
            logger.LogInformation("Demo exam {ExamId} already present", DemoExamId);
            return;
        }

        var now = clock.GetUtcNow();
        var exam = Exam.Create(
            "Demo: general knowledge sprint", now.AddHours(-1), now.AddDays(30), TimeSpan.FromMinutes(10), now,
            maxAttempts: 3, id: DemoExamId);
        AddQuestions(exam, Questions.Length);

        // 1st: 1000 coins, 2nd: 500, 3rd-10th: 100 each; tied learners share the coins of the places they take.
        exam.SetTerms(
            PrizeTable.Create(TieRule.ShareEqually,
                [new PrizeTier(1, 1, Prize.CoinsOf(1_000)), new PrizeTier(2, 2, Prize.CoinsOf(500)), new PrizeTier(3, 10, Prize.CoinsOf(100))]),
            entryFee: 0, rakeBasisPoints: 0, guaranteedPool: 2_300);

        db.Exams.Add(exam);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo exam {ExamId} with {Count} questions", DemoExamId, Questions.Length);
    }
}
