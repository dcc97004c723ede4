using FluentValidation;
using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Exams;
using LearningPlatform.Application.Jobs;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Application.Results;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearningPlatform.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AttemptOptions>(configuration.GetSection(AttemptOptions.Section));
        services.AddValidatorsFromAssemblyContaining<SubmitResponseValidator>(includeInternalTypes: true);
        services.AddScoped<StartAttempt>();
        services.AddScoped<SubmitResponse>();
        services.AddScoped<CompleteAttempt>();
        services.AddScoped<GetAttemptQuestions>();
        services.AddScoped<GetExamResult>();
        services.AddScoped<ExpireOverdueAttempts>();
        services.Configure<RankingOptions>(configuration.GetSection(RankingOptions.Section));
        services.AddScoped<CloseEndedExams>();
        services.AddScoped<RankExam>();
        services.AddScoped<RankClosedExams>();
        services.AddScoped<PublishRanking>();
        services.AddScoped<GetRankingRuns>();
        services.AddScoped<Leaderboards.GetLeaderboard>();
        services.AddSingleton<Leaderboards.StaleLeaderboards>();
        services.AddScoped<Leaderboards.LeaderboardRebuild>();
        services.AddScoped<Rewards.LearnerRewards>();
        services.AddScoped<Rewards.AdminRewards>();
        services.AddScoped<Rewards.ImportCoupons>();
        services.AddScoped<Notifications.Devices>();
        services.AddScoped<Notifications.Inbox>();
        services.AddScoped<Notifications.DispatchOutbox>();
        services.AddScoped<Notifications.Broadcast>();
        services.Configure<Notifications.OutboxOptions>(configuration.GetSection(Notifications.OutboxOptions.Section));
        services.AddScoped(sp => new Lazy<Leaderboards.LeaderboardRebuild>(sp.GetRequiredService<Leaderboards.LeaderboardRebuild>));
        services.AddScoped<GetExams>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JobMonitor>();
        return services;
    }
}
