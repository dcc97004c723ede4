using LearningPlatform.Domain.Attempts;
using LearningPlatform.Domain.Audit;
using LearningPlatform.Domain.Content;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Domain.Exports;
using LearningPlatform.Domain.Learners;
using LearningPlatform.Domain.Media;
using LearningPlatform.Domain.Notifications;
using LearningPlatform.Domain.QuestionBank;
using LearningPlatform.Domain.Ranking;
using LearningPlatform.Domain.Rewards;
using LearningPlatform.Domain.Subscriptions;
using LearningPlatform.Domain.Wallets;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Common;

/// <summary>The LearningDB as the use cases see it: the sets they need and one unit of work.</summary>
public interface ILearningDb
{
    DbSet<Exam> Exams { get; }
    DbSet<Question> Questions { get; }
    DbSet<Attempt> Attempts { get; }
    DbSet<ExamResult> Results { get; }
    DbSet<Subscription> Subscriptions { get; }
    DbSet<Plan> Plans { get; }
    DbSet<StoreNotification> StoreNotifications { get; }
    DbSet<RankingRun> RankingRuns { get; }
    DbSet<Standing> Standings { get; }
    DbSet<Reward> Rewards { get; }
    DbSet<CoinLedgerEntry> CoinLedger { get; }
    DbSet<Wallet> Wallets { get; }
    DbSet<OutboxMessage> Outbox { get; }
    DbSet<Coupon> Coupons { get; }
    DbSet<CouponCampaign> CouponCampaigns { get; }
    DbSet<Device> Devices { get; }
    DbSet<Notification> Notifications { get; }
    DbSet<NotificationDispatch> Dispatches { get; }
    DbSet<AuditEntry> AuditEntries { get; }
    DbSet<QuestionCategory> QuestionCategories { get; }
    DbSet<BankQuestion> BankQuestions { get; }
    DbSet<QuestionVersion> QuestionVersions { get; }
    DbSet<QuestionPool> QuestionPools { get; }
    DbSet<Learner> Learners { get; }
    DbSet<Course> Courses { get; }
    DbSet<Lesson> Lessons { get; }
    DbSet<LessonProgress> LessonProgress { get; }
    DbSet<MediaUpload> MediaUploads { get; }
    DbSet<Export> Exports { get; }

    /// <summary>Starts a transaction that SaveChanges and the set-based statements of the same scope join; disposing rolls back unless committed.</summary>
    Task<IAsyncDisposable> BeginTransactionAsync(CancellationToken cancellationToken);

    Task CommitAsync(CancellationToken cancellationToken);

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets every tracked entity, so a retry reads the rows afresh.</summary>
    void Reset();
}
