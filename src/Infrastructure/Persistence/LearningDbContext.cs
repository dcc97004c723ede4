using LearningPlatform.Application.Common;
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
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Infrastructure.Persistence;

public sealed class LearningDbContext(DbContextOptions<LearningDbContext> options) : DbContext(options), ILearningDb, IDataProtectionKeyContext
{
    public DbSet<Exam> Exams => Set<Exam>();
    public DbSet<Question> Questions => Set<Question>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<ExamResult> Results => Set<ExamResult>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<SubscriptionChange> SubscriptionChanges => Set<SubscriptionChange>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<StoreNotification> StoreNotifications => Set<StoreNotification>();

    /// <summary>The Google Play adapter's purchase tokens (chains and acknowledgement claims); not a port's business.</summary>
    internal DbSet<Billing.Google.GooglePurchaseToken> GooglePurchaseTokens => Set<Billing.Google.GooglePurchaseToken>();
    public DbSet<RankingRun> RankingRuns => Set<RankingRun>();
    public DbSet<Standing> Standings => Set<Standing>();
    public DbSet<Reward> Rewards => Set<Reward>();
    public DbSet<CoinLedgerEntry> CoinLedger => Set<CoinLedgerEntry>();
    public DbSet<Wallet> Wallets => Set<Wallet>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<RewardTransition> RewardTransitions => Set<RewardTransition>();
    public DbSet<Coupon> Coupons => Set<Coupon>();
    public DbSet<CouponCampaign> CouponCampaigns => Set<CouponCampaign>();
    public DbSet<Device> Devices => Set<Device>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDispatch> Dispatches => Set<NotificationDispatch>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<QuestionCategory> QuestionCategories => Set<QuestionCategory>();
    public DbSet<BankQuestion> BankQuestions => Set<BankQuestion>();
    public DbSet<QuestionVersion> QuestionVersions => Set<QuestionVersion>();
    public DbSet<QuestionPool> QuestionPools => Set<QuestionPool>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Lesson> Lessons => Set<Lesson>();
    public DbSet<LessonProgress> LessonProgress => Set<LessonProgress>();
    public DbSet<MediaUpload> MediaUploads => Set<MediaUpload>();
    public DbSet<Export> Exports => Set<Export>();

    /// <summary>ASP.NET Core Data Protection's key ring, shared by every instance (coupon codes are encrypted with it).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public async Task<IAsyncDisposable> BeginTransactionAsync(CancellationToken cancellationToken) =>
        await Database.BeginTransactionAsync(cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) =>
        Database.CurrentTransaction?.CommitAsync(cancellationToken) ?? throw new InvalidOperationException("No transaction to commit.");

    public void Reset() => ChangeTracker.Clear();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        // pg_trgm (trusted since PostgreSQL 13, so the database owner may create it): the learner lookup's name index.
        modelBuilder.HasPostgresExtension("pg_trgm").ApplyConfigurationsFromAssembly(typeof(LearningDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names (IN_PROGRESS style is the API's concern, not the column's).
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
