using FluentValidation;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Application.Results;
using LearningPlatform.Application.Rewards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatorsFromAssemblyContaining<SubmitResponseValidator>(includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);

        // Attempts
        services.Configure<AttemptOptions>(configuration.GetSection(AttemptOptions.Section));
        services.AddScoped<StartAttempt>();
        services.AddScoped<GetAttemptQuestions>();
        services.AddScoped<SubmitResponse>();
        services.AddScoped<CompleteAttempt>();
        services.AddScoped<ExpireOverdueAttempts>();

        // Exams and results
        services.AddScoped<ExamCatalog>();
        services.AddScoped<ListExams>();
        services.AddScoped<GetExam>();
        services.AddScoped<GetExamResult>();

        // Ranking
        services.Configure<RankingOptions>(configuration.GetSection(RankingOptions.Section));
        services.AddScoped<CloseEndedExams>();
        services.AddScoped<RankExam>();
        services.AddScoped<RankClosedExams>();
        services.AddScoped<StartRankingRun>();
        services.AddScoped<PublishRanking>();
        services.AddScoped<ListRankingRuns>();

        // Leaderboards
        services.AddSingleton<StaleLeaderboards>();
        services.AddScoped<LeaderboardRebuild>();
        services.AddScoped(sp => new Lazy<LeaderboardRebuild>(sp.GetRequiredService<LeaderboardRebuild>));
        services.AddScoped<LeaderboardReader>();
        services.AddScoped<GetLeaderboardPage>();
        services.AddScoped<GetMyLeaderboardLine>();

        // Rewards
        services.AddScoped<ListRewards>();
        services.AddScoped<GetReward>();
        services.AddScoped<ClaimReward>();
        services.AddScoped<ListRewardsByStatus>();
        services.AddScoped<RewardModeration>();
        services.AddScoped<ApproveReward>();
        services.AddScoped<RejectReward>();
        services.AddScoped<FulfillReward>();
        services.AddScoped<CancelReward>();
        services.AddScoped<ImportCoupons>();

        // Devices, notifications, the outbox
        services.AddScoped<RegisterDevice>();
        services.AddScoped<RemoveDevice>();
        services.AddScoped<ListNotifications>();
        services.AddScoped<MarkNotificationRead>();
        services.AddScoped<Broadcast>();
        services.Configure<OutboxOptions>(configuration.GetSection(OutboxOptions.Section));
        services.AddScoped<DispatchOutbox>();

        // Jobs
        services.AddSingleton<JobMonitor>();
        services.AddScoped<GetJobs>();
        return services;
    }
}
