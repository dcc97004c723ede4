using FluentValidation;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Audit;
using LearningPlatform.Application.Billing;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Application.ContentAuthoring;
using LearningPlatform.Application.ExamAuthoring;
using LearningPlatform.Application.Exports;
using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Application.Learners;
using LearningPlatform.Application.Media;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.QuestionBank;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Application.Results;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Application.Wallets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        // Singletons: a validator builds its rules in its constructor, once per request when scoped (3 % of a leaderboard
        // read's CPU for the page query's); they are stateless and thread-safe once built (decision 122).
        services.AddValidatorsFromAssemblyContaining<SubmitResponseValidator>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);
        // Question order and backoff jitter draw from here (thread-safe); tests can fix it.
        services.AddSingleton(Random.Shared);
        // The hosts register metrics already (TryAdd: this keeps theirs); workers and tests built without a host get them too.
        services.AddMetrics();
        services.AddSingleton<LearningMetrics>();

        // Attempts
        services.AddOptions<AttemptOptions>().Bind(configuration.GetSection(AttemptOptions.Section))
            .Validate(o => o.ClockTolerance >= TimeSpan.Zero, $"{AttemptOptions.Section}:ClockTolerance must not be negative.")
            .Validate(o => o.StartLockLease > TimeSpan.Zero, $"{AttemptOptions.Section}:StartLockLease must be positive.")
            .Validate(o => o.SweepInterval >= TimeSpan.Zero, $"{AttemptOptions.Section}:SweepInterval must not be negative (0 turns the sweep off).")
            .ValidateOnStart();
        services.AddScoped<StartAttempt>();
        services.AddScoped<GetAttemptQuestions>();
        services.AddScoped<SubmitResponse>();
        services.AddScoped<CompleteAttempt>();
        services.AddScoped<AnswerReview>();
        services.AddScoped<ExpireOverdueAttempts>();
        services.AddScoped<InvalidateAttempt>();

        // Exams and results
        services.AddScoped<ExamCatalog>();
        services.AddScoped<ListExams>();
        services.AddScoped<GetExam>();
        services.AddScoped<GetExamResult>();

        // Question bank and exam authoring
        services.AddScoped<ListCategories>();
        services.AddScoped<CreateCategory>();
        services.AddScoped<RenameCategory>();
        services.AddScoped<DeleteCategory>();
        services.AddScoped<ListQuestions>();
        services.AddScoped<GetQuestion>();
        services.AddScoped<ListQuestionVersions>();
        services.AddScoped<CreateQuestion>();
        services.AddScoped<EditQuestion>();
        services.AddScoped<SetQuestionStatus>();
        services.AddScoped<ImportQuestions>();
        services.AddScoped<ListPools>();
        services.AddScoped<GetPool>();
        services.AddScoped<CreatePool>();
        services.AddScoped<UpdatePool>();
        services.AddScoped<DeletePool>();
        services.AddScoped<ExamQuestionPicker>();
        services.AddScoped<ListAdminExams>();
        services.AddScoped<GetAdminExam>();
        services.AddScoped<CreateExam>();
        services.AddScoped<UpdateExam>();
        services.AddScoped<DeleteExam>();
        services.AddScoped<ScheduleExam>();
        services.AddScoped<UnscheduleExam>();
        services.AddScoped<CancelExam>();
        services.AddScoped<ExtendExam>();
        services.AddScoped<PreviewExam>();

        // Content: the catalog and progress (learners), courses and lessons (admins)
        services.AddScoped<ListCourses>();
        services.AddScoped<GetCourse>();
        services.AddScoped<GetLesson>();
        services.AddScoped<UpdateLessonProgress>();
        services.AddScoped<ListAdminCourses>();
        services.AddScoped<GetAdminCourse>();
        services.AddScoped<CreateCourse>();
        services.AddScoped<UpdateCourse>();
        services.AddScoped<DeleteCourse>();
        services.AddScoped<PublishCourse>();
        services.AddScoped<UnpublishCourse>();
        services.AddScoped<OrderCourses>();
        services.AddScoped<ListAdminLessons>();
        services.AddScoped<GetAdminLesson>();
        services.AddScoped<CreateLesson>();
        services.AddScoped<UpdateLesson>();
        services.AddScoped<DeleteLesson>();
        services.AddScoped<PublishLesson>();
        services.AddScoped<UnpublishLesson>();
        services.AddScoped<OrderLessons>();

        // Ranking
        // The schedule and time zone are checked where they are parsed (Infrastructure, Cronos).
        services.AddOptions<RankingOptions>().Bind(configuration.GetSection(RankingOptions.Section))
            .Validate(o => o.LockLease >= TimeSpan.FromSeconds(3), $"{RankingOptions.Section}:LockLease must be at least 3 seconds (it is renewed every third).")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, $"{RankingOptions.Section}:RetryDelay must be positive.")
            .ValidateOnStart();
        services.AddScoped<CloseEndedExams>();
        services.AddScoped<RankExam>();
        services.AddScoped<RankClosedExams>();
        services.AddScoped<StartRankingRun>();
        services.AddScoped<RerunRanking>();
        services.AddScoped<PublishRanking>();
        services.AddScoped<ListRankingRuns>();
        services.AddScoped<GetRankingStatistics>();

        // Leaderboards
        services.AddSingleton<StaleLeaderboards>();
        services.AddScoped<LeaderboardRebuild>();
        services.AddScoped(sp => new Lazy<LeaderboardRebuild>(sp.GetRequiredService<LeaderboardRebuild>));
        services.AddScoped<LeaderboardReader>();
        services.AddScoped<GetLeaderboardPage>();
        services.AddScoped<GetMyLeaderboardLine>();

        // Rewards
        services.AddScoped<ListRewards>();

        // Wallets
        services.AddOptions<WalletOptions>().Bind(configuration.GetSection(WalletOptions.Section))
            .Validate(o => o.DemoGrant >= 0, $"{WalletOptions.Section}:DemoGrant must not be negative.")
            .ValidateOnStart();
        services.AddScoped<LearnerWallets>();
        services.AddScoped<GetWallet>();
        services.AddScoped<GetReward>();
        services.AddScoped<ClaimReward>();
        services.AddScoped<ListRewardsByStatus>();
        services.AddScoped<RewardModeration>();
        services.AddScoped<ApproveReward>();
        services.AddScoped<RejectReward>();
        services.AddScoped<FulfillReward>();
        services.AddScoped<CancelReward>();
        services.AddScoped<ImportCoupons>();
        services.AddScoped<CreateCouponCampaign>();
        services.AddScoped<ListCouponCampaigns>();
        services.AddScoped<GetCouponCampaign>();

        // Devices, notifications, the outbox
        services.AddScoped<RegisterDevice>();
        services.AddScoped<RemoveDevice>();
        services.AddScoped<ListNotifications>();
        services.AddScoped<MarkNotificationRead>();
        services.AddScoped<Broadcast>();
        services.AddScoped<ListBroadcasts>();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.BatchSize is >= 1 and <= 1000, $"{OutboxOptions.Section}:BatchSize must be 1..1000.")
            .Validate(o => o.ClaimLease > TimeSpan.Zero, $"{OutboxOptions.Section}:ClaimLease must be positive.")
            .Validate(o => o.MaxAttempts >= 1, $"{OutboxOptions.Section}:MaxAttempts must be at least 1.")
            .Validate(o => o.BaseBackoff > TimeSpan.Zero && o.MaxBackoff >= o.BaseBackoff,
                $"{OutboxOptions.Section}:BaseBackoff must be positive and MaxBackoff at least BaseBackoff.")
            .Validate(o => o.PollInterval >= TimeSpan.Zero, $"{OutboxOptions.Section}:PollInterval must not be negative (0 turns the dispatcher off).")
            .ValidateOnStart();
        services.AddScoped<DispatchOutbox>();

        // Audit
        services.AddScoped<ListAuditEntries>();

        // Learners
        services.AddScoped<GetProfile>();
        services.AddScoped<SearchLearners>();
        services.AddScoped<GetLearnerOverview>();
        services.AddScoped<ListLearnerAttempts>();
        services.AddScoped<UpdateProfile>();

        // Media uploads (the object store is Infrastructure's IObjectStorage)
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MediaOptions>, MediaOptionsValidation>();
        services.AddScoped<RequestMediaUpload>();
        services.AddScoped<CompleteMediaUpload>();
        services.AddScoped<GetMediaUpload>();
        services.AddScoped<GetCompletedMedia>();
        services.AddScoped<PresignMediaDownload>();
        services.AddScoped<ExpireStaleMediaUploads>();

        // Exports of standings (CSV to the object store, written by Infrastructure's export job)
        services.AddOptions<ExportOptions>().Bind(configuration.GetSection(ExportOptions.Section)).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ExportOptions>, ExportOptionsValidation>();
        services.AddScoped<RequestExport>();
        services.AddScoped<GetExport>();
        services.AddScoped<RunNextExport>();

        // Billing: plans, store purchases and webhooks (the stores' verifiers are Infrastructure's), entitlements
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingOptions.Section))
            .Validate(o => Enum.IsDefined(o.TransferRule), $"{BillingOptions.Section}:TransferRule must be Never or ToPresenter.")
            .Validate(o => o.EntitlementCacheLifetime >= TimeSpan.FromSeconds(1) && o.EntitlementCacheLifetime <= TimeSpan.FromMinutes(5),
                $"{BillingOptions.Section}:EntitlementCacheLifetime must be 00:00:01..00:05:00.")
            .ValidateOnStart();
        services.AddScoped<StoreTransactions>();
        services.AddScoped<SubmitPurchase>();
        services.AddScoped<ReceiveStoreNotification>();
        services.AddScoped<ListPlans>();
        services.AddScoped<GetSubscription>();

        // Jobs
        services.AddSingleton<JobMonitor>();
        services.AddScoped<GetJobs>();
        return services;
    }
}
