using LearningPlatform.Application.QuestionBank.Import;
using LearningPlatform.Domain.Content;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.QuestionBank;
using LearningPlatform.Domain.Learners;
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
    public static readonly Guid DemoEndedExamId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e03");
    public static readonly Guid DemoPaidExamId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e04");
    public static readonly Guid DemoCouponCampaignId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1ec0");

    /// <summary>How many learners completed the demo exam that ended yesterday.</summary>
    public const int EndedExamParticipants = 200;

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
        await SeedCouponCampaignAsync(db, clock, cancellationToken);
        await SeedContestAsync(db, clock, logger, cancellationToken);
        await SeedPracticeAsync(db, clock, logger, cancellationToken);
        await SeedPaidContestAsync(db, clock, logger, cancellationToken);
        await SeedEndedContestAsync(db, clock, logger, cancellationToken);
        await SeedQuestionBankAsync(db, clock, logger, cancellationToken);
        await SeedCourseAsync(db, clock, logger, cancellationToken);
    }

    /// <summary>The demo contest's coupon prize draws on this campaign; its stock is imported through the admin API.</summary>
    private static async Task SeedCouponCampaignAsync(LearningDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.CouponCampaigns.AnyAsync(c => c.Id == DemoCouponCampaignId, cancellationToken))
        {
            return;
        }

        db.CouponCampaigns.Add(Domain.Rewards.CouponCampaign.Create(
            "Demo: bookshop vouchers", "Places 4-10 of the demo contest.", Guid.Empty, clock.GetUtcNow(), DemoCouponCampaignId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public static readonly Guid DemoCourseId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1f01");
    public static readonly Guid DemoVideoLessonId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1f11");
    public static readonly Guid DemoPdfLessonId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1f12");
    public static readonly Guid DemoPremiumLessonId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1f13");

    /// <summary>
    /// A published course with three published lessons — a video, a PDF and a premium article — for the README's
    /// catalog walk-through. The media keys name objects nobody uploaded: until media uploads land a lesson shows its
    /// key without a URL.
    /// </summary>
    private static async Task SeedCourseAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.Courses.AnyAsync(c => c.Id == DemoCourseId, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var course = Course.Create(new CourseDefinition(
            "Demo: study skills", "Three short lessons on learning more in less time.", "demo/courses/study-skills/cover.webp"), 0, now, DemoCourseId);
        Lesson[] lessons =
        [
            Lesson.Create(DemoCourseId, new LessonDefinition("Spaced repetition in seven minutes", "Review just before you would forget.",
                LessonKind.Video, "demo/courses/study-skills/spaced-repetition.mp4", MediaRules.Mp4, 420, null, IsPremium: false), 0, now, DemoVideoLessonId),
            Lesson.Create(DemoCourseId, new LessonDefinition("Cheat sheet: the Pomodoro technique", null,
                LessonKind.Pdf, "demo/courses/study-skills/pomodoro.pdf", MediaRules.Pdf, null, 4, IsPremium: false), 1, now, DemoPdfLessonId),
            Lesson.Create(DemoCourseId, new LessonDefinition("Planning a revision week",
                "Give each day one subject and one review block. Put the hardest topic first, when you are fresh. Leave the last day for a mock exam.",
                LessonKind.Article, null, null, null, null, IsPremium: true), 2, now, DemoPremiumLessonId),
        ];
        course.Publish(now);
        foreach (var lesson in lessons)
        {
            lesson.Publish(now);
        }

        db.Courses.Add(course);
        db.Lessons.AddRange(lessons);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo course {CourseId} with {Count} lessons (one premium)", DemoCourseId, lessons.Length);
    }

    /// <summary>Who wrote the seeded bank questions (no admin did).</summary>
    public static readonly Guid SeedAuthorId = Guid.Parse("0b7c3e52-5d1e-4f7a-9a57-3f0d2c6a1e99");

    /// <summary>
    /// The example question bank (docs/examples/question-bank.gift, embedded): about 30 questions in two categories,
    /// for the README's authoring walk-through. Only into an empty bank, so a bank an admin has started is left alone.
    /// </summary>
    private static async Task SeedQuestionBankAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.BankQuestions.AnyAsync(cancellationToken))
        {
            return;
        }

        await using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("question-bank.gift")
            ?? throw new InvalidOperationException("The example question bank is not embedded.");
        using var reader = new StreamReader(stream);
        var parsed = GiftParser.Parse(await reader.ReadToEndAsync(cancellationToken));
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException($"The example question bank has problems: {string.Join("; ", parsed.Problems.Select(p => p.Message))}");
        }

        var now = clock.GetUtcNow();
        var categories = new Dictionary<string, QuestionCategory>();
        foreach (var imported in parsed.Questions)
        {
            var name = imported.CategoryPath ?? "Demo";
            if (!categories.TryGetValue(name, out var category))
            {
                category = await db.QuestionCategories.SingleOrDefaultAsync(c => c.Name == name, cancellationToken) ?? QuestionCategory.Create(name, now);
                if (db.Entry(category).State == EntityState.Detached)
                {
                    db.QuestionCategories.Add(category);
                }

                categories[name] = category;
            }

            var content = imported.ToContent();
            var (question, version) = BankQuestion.Create(category.Id, content, QuestionStatus.Ready, SeedAuthorId, now);
            db.BankQuestions.Add(question);
            db.QuestionVersions.Add(version);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo question bank seeded: {Questions} questions in {Categories} categories", parsed.Questions.Count, categories.Count);
    }

    /// <summary>
    /// A contest that ended yesterday with <see cref="EndedExamParticipants"/> completed attempts (made through the domain,
    /// at times inside its window), so a newcomer can rank and publish it at once: coins for places 1-3 and a coupon
    /// reward of <see cref="DemoCouponCampaignId"/> for places 4-10 (its stock is imported through the admin API).
    /// </summary>
    private static async Task SeedEndedContestAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.Exams.AnyAsync(e => e.Id == DemoEndedExamId, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var opensAt = now.AddDays(-2);
        var exam = Exam.Create(
            "Demo: yesterday's contest (ready to rank)", opensAt, now.AddDays(-1), TimeSpan.FromMinutes(10), opensAt.AddDays(-1),
            id: DemoEndedExamId);
        AddQuestions(exam, Questions.Length);
        exam.SetTerms(
            PrizeTable.Create(TieRule.ShareEqually,
                [new PrizeTier(1, 1, Prize.CoinsOf(1_000)), new PrizeTier(2, 3, Prize.CoinsOf(250)), new PrizeTier(4, 10, Prize.CouponOf(DemoCouponCampaignId))]),
            entryFee: 0, rakeBasisPoints: 0, guaranteedPool: 1_500);
        db.Exams.Add(exam);

        // Learners of every level: each answers the questions in their attempt's order, right with a probability that
        // differs per learner, a few seconds each. Fixed seed: the same demo every time.
        var random = new Random(20261201);
        for (var i = 0; i < EndedExamParticipants; i++)
        {
            var startedAt = opensAt.AddMinutes(10 + (i * 5));
            var learnerId = Guid.NewGuid();
            // Named as their tokens would have named them at the start, so the boards show names.
            db.Learners.Add(Learner.FromToken(learnerId, $"Demo learner {i + 1}", startedAt)!);
            var attempt = exam.StartAttemptFor(learnerId, [], hasEntitlement: false, attemptTokenHash: "demo", startedAt, random).Attempt;
            var skill = random.NextDouble();
            var at = startedAt;
            foreach (var questionId in attempt.QuestionOrder)
            {
                var question = exam.Questions.Single(q => q.Id == questionId);
                var elapsed = random.Next(2_000, 20_000);
                at = at.AddMilliseconds(elapsed);
                var choice = random.NextDouble() < skill
                    ? question.Choices.Single(c => c.IsCorrect)
                    : question.Choices.Where(c => !c.IsCorrect).ElementAt(random.Next(question.Choices.Count - 1));
                attempt.Answer(question, choice.Id, elapsed, at, TimeSpan.Zero);
            }

            attempt.Complete(at);
            db.Attempts.Add(attempt);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo exam {ExamId}: ended {ClosesAt:O} with {Count} completed attempts, ready to rank",
            DemoEndedExamId, exam.ClosesAt, EndedExamParticipants);
    }

    private static void AddQuestions(Exam exam, int count)
    {
        foreach (var (text, choices) in Questions.Take(count))
        {
            // The first listed choice is the correct one here; learners see the choices shuffled per attempt.
            exam.AddQuestion(text, 10, choices.Select((c, i) => (c, i == 0)).ToArray());
        }
    }

    /// <summary>The coins a learner's first attempt of the demo's paid contest costs.</summary>
    public const long PaidExamEntryFee = 100;

    /// <summary>
    /// A contest with an entry fee, open for 30 days. Learners get the coins to enter from <c>Wallet:DemoGrant</c>
    /// (set by <c>scripts/run.sh</c> with the seed): the LearningService does not know the demo accounts' ids before their
    /// first call, so their wallets open with the grant at their first look or paid start instead of being seeded here.
    /// </summary>
    private static async Task SeedPaidContestAsync(LearningDbContext db, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        if (await db.Exams.AnyAsync(e => e.Id == DemoPaidExamId, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var exam = Exam.Create(
            "Demo: paid sprint (100 coins to enter)", now.AddHours(-1), now.AddDays(30), TimeSpan.FromMinutes(5), now, id: DemoPaidExamId);
        AddQuestions(exam, 5);
        // 10% rake; the pool is the fees after rake, at least 500 coins: 1st 300, 2nd 200.
        exam.SetTerms(
            PrizeTable.Create(TieRule.ShareEqually, [new PrizeTier(1, 1, Prize.CoinsOf(300)), new PrizeTier(2, 2, Prize.CoinsOf(200))]),
            entryFee: PaidExamEntryFee, rakeBasisPoints: 1_000, guaranteedPool: 500);
        db.Exams.Add(exam);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded demo paid exam {ExamId} (entry fee {Fee} coins)", DemoPaidExamId, PaidExamEntryFee);
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
