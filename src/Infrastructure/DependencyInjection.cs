using LearningPlatform.Application.Attempts;
using LearningPlatform.Application.Common;
using LearningPlatform.Application.Content;
using LearningPlatform.Application.Exports;
using LearningPlatform.Application.Leaderboards;
using LearningPlatform.Application.Learners;
using LearningPlatform.Application.Media;
using LearningPlatform.Application.Notifications;
using LearningPlatform.Application.Ranking;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Infrastructure.BackgroundJobs;
using LearningPlatform.Infrastructure.Billing;
using LearningPlatform.Infrastructure.Billing.Google;
using LearningPlatform.Infrastructure.Caching;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.Infrastructure.Push;
using LearningPlatform.Infrastructure.Redis;
using LearningPlatform.Infrastructure.Security;
using LearningPlatform.Infrastructure.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LearningPlatform.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The shared in-process cache's budget (HybridCache's question pools and catalog; small flags); entries size themselves in bytes.</summary>
    public const long MemoryCacheBytes = 64L * 1024 * 1024;

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("LearningDb")
            ?? throw new InvalidOperationException("ConnectionStrings:LearningDb is not configured.");
        services.AddSingleton<LeaderboardFeed>();
        var tuned = Tune(connectionString);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<LearnerNameChanges>(sp, tuned));
        // Pooled: the options are built once and a request rents a reset context instead of building one (decision 78).
        services.AddDbContextPool<LearningDbContext>(
            (sp, o) => Quiet(o.UseNpgsql(tuned).UseSnakeCaseNamingConvention().AddInterceptors(sp.GetRequiredService<LeaderboardFeed>(), sp.GetRequiredService<LearnerNameChanges>())));
        AddReadDb(services, configuration, tuned);
        // In bytes: HybridCache sizes its in-memory entries by their serialized payload, so a limit counted in entries
        // (10,000 until decision 131) refused every question pool over 10 kB and each answer loaded it again.
        services.AddMemoryCache(o => o.SizeLimit = MemoryCacheBytes);
        services.AddHybridCache();
        services.AddSingleton<IQuestionPools, QuestionPools>();
        services.AddScoped<ILearningDb>(sp => sp.GetRequiredService<LearningDbContext>());
        services.AddSingleton<ILearnerNames>(new SqlLearnerNames(tuned));
        services.AddOptions<CatalogCacheOptions>().Bind(configuration.GetSection(CatalogCacheOptions.Section))
            .Validate(o => o.CatalogCacheLifetime >= TimeSpan.FromSeconds(1) && o.CatalogCacheLifetime <= TimeSpan.FromHours(1),
                $"{CatalogCacheOptions.Section}:CatalogCacheLifetime must be 00:00:01..01:00:00.")
            .ValidateOnStart();
        services.AddSingleton<IPublishedCatalog, PublishedCatalogCache>();
        services.AddScoped<ILessonProgressStore, SqlLessonProgressStore>();
        services.AddSingleton<IAnswerStore>(_ => new SqlAnswerStore(tuned));
        services.AddBilling(configuration);
        services.AddScoped<ILessonMediaUrls, PresignedLessonMediaUrls>();

        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Configuration), $"{RedisOptions.Section}:Configuration must name the Redis server(s).")
            .Validate(o => o.TimeoutMs > 0, $"{RedisOptions.Section}:TimeoutMs must be positive.")
            .Validate(o => !string.IsNullOrEmpty(o.KeyPrefix), $"{RedisOptions.Section}:KeyPrefix must not be empty.")
            .ValidateOnStart();
        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<RedisOptions>>().Value;
            var options = ConfigurationOptions.Parse(redis.Configuration);
            // Never block start-up on Redis, and fail fast while it is away: idempotent writes answer 503
            // instead of queueing behind a dead connection.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = redis.TimeoutMs;
            options.SyncTimeout = redis.TimeoutMs;
            options.AsyncTimeout = redis.TimeoutMs;
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton<IDistributedLocks, RedisDistributedLocks>();
        services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        services.AddSingleton<IThrottle, RedisThrottle>();

        services.AddSingleton<IValidateOptions<RankingOptions>, RankingScheduleValidation>();
        services.AddSingleton<IRankingCalendar, RankingCalendar>();
        services.AddScoped<IExamRanker, SqlExamRanker>();
        services.AddScoped<IEntryFees, SqlEntryFees>();
        services.AddScoped<ILeaderboardSource, SqlLeaderboardSource>();
        services.AddScoped<IRankingStatistics, SqlRankingStatistics>();
        services.AddScoped<ILearnerSearch, SqlLearnerSearch>();
        services.AddScoped<ICouponStock, SqlCouponStock>();
        services.AddScoped<Application.Notifications.IOutboxClaims, SqlOutboxClaims>();
        services.AddPush(configuration);

        // Coupon codes: Data Protection keys in the LearningDB, so every instance decrypts what another encrypted.
        services.AddDataProtection()
            .SetApplicationName("learning-platform")
            .PersistKeysToDbContext<LearningDbContext>();
        services.Configure<CouponOptions>(configuration.GetSection(CouponOptions.Section));
        services.AddSingleton<ICouponCodes, CouponCodes>();
        services.AddSingleton<ILeaderboardCache, RedisLeaderboardCache>();
        services.AddObjectStorage(configuration);
        services.AddScoped<IStaleMediaUploads, SqlStaleMediaUploads>();
        services.AddScoped<IExportClaims, SqlExportClaims>();
        services.AddSingleton<IStandingsCsv>(new SqlStandingsCsv(tuned));
        return services;
    }

    /// <summary>
    /// The background jobs of a LearningService instance (each safe to run in several): the ranking worker that runs the
    /// admin's ranking runs (also the <see cref="IRankingQueue"/>), the nightly ranking scheduler (<c>Ranking:Enabled</c>),
    /// the expiry sweep (<c>Attempts:SweepInterval</c> &gt; 0), the outbox dispatcher (<c>Outbox:PollInterval</c> &gt; 0) and the
    /// cleanup of media uploads never completed (<c>Media:CleanupInterval</c> &gt; 0), and the export job
    /// (<c>Exports:PollInterval</c> &gt; 0; without it exports requested here wait for another instance).
    /// </summary>
    public static IServiceCollection AddBackgroundJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RankingWorker>();
        services.AddSingleton<IRankingQueue>(sp => sp.GetRequiredService<RankingWorker>());
        services.AddHostedService(sp => sp.GetRequiredService<RankingWorker>());
        if (configuration.GetValue(RankingOptions.Section + ":Enabled", true))
        {
            services.AddHostedService<RankingScheduler>();
        }

        if (configuration.GetValue(AttemptOptions.Section + ":SweepInterval", TimeSpan.FromMinutes(1)) > TimeSpan.Zero)
        {
            services.AddHostedService<AttemptExpirySweeper>();
        }

        if (configuration.GetValue(OutboxOptions.Section + ":PollInterval", TimeSpan.FromSeconds(2)) > TimeSpan.Zero)
        {
            services.AddHostedService<OutboxDispatcher>();
        }

        if (configuration.GetValue(MediaOptions.Section + ":CleanupInterval", TimeSpan.FromMinutes(15)) > TimeSpan.Zero)
        {
            services.AddHostedService<MediaUploadCleanup>();
        }

        if (configuration.GetValue(Application.Exports.ExportOptions.Section + ":PollInterval", TimeSpan.FromSeconds(5)) > TimeSpan.Zero)
        {
            services.AddSingleton<ExportWorker>();
            services.AddSingleton<IExportQueue>(sp => sp.GetRequiredService<ExportWorker>());
            services.AddHostedService(sp => sp.GetRequiredService<ExportWorker>());
        }
        else
        {
            services.AddSingleton<IExportQueue, NoExportQueue>();
        }

        services.AddGooglePlayJobs(configuration);
        return services;
    }

    /// <summary>
    /// Lag-tolerant reads (<see cref="ILearningReadDb"/>): on <c>ConnectionStrings:LearningDbRead</c> (a streaming replica)
    /// when it is set and the <see cref="ReplicaMonitor"/> finds it usable, through a context of their own that never tracks
    /// and never saves; on the request's own context otherwise.
    /// </summary>
    private static void AddReadDb(IServiceCollection services, IConfiguration configuration, string primary)
    {
        var replica = configuration.GetConnectionString("LearningDbRead");
        if (string.IsNullOrWhiteSpace(replica))
        {
            services.AddSingleton(new LearningDbConnections(primary, primary));
            services.AddScoped<ILearningReadDb>(sp => new LearningReadDb(sp.GetRequiredService<LearningDbContext>(), ownsContext: false));
            return;
        }

        var read = Tune(replica);
        services.AddSingleton(new LearningDbConnections(primary, read));
        services.AddOptions<ReplicaOptions>().Bind(configuration.GetSection(ReplicaOptions.Section))
            .Validate(o => o.ReplicaMaxLag > TimeSpan.Zero && o.ReplicaCheckInterval > TimeSpan.Zero,
                $"{ReplicaOptions.Section}:ReplicaMaxLag and ReplicaCheckInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => new ReplicaMonitor(sp.GetRequiredService<LearningDbConnections>(), sp.GetRequiredService<IOptions<ReplicaOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ReplicaMonitor>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaMonitor>());
        // Not registered as DbContextOptions<LearningDbContext>: that is the primary's.
        services.AddSingleton(sp => new ReplicaContextOptions((DbContextOptions<LearningDbContext>)Quiet(
            new DbContextOptionsBuilder<LearningDbContext>()
                .UseNpgsql(read).UseSnakeCaseNamingConvention()
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .AddInterceptors(new ReplicaFailureInterceptor(sp.GetRequiredService<ReplicaMonitor>()))
                .UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>())).Options));
        // The replica while it is in use (decision 125), the request's own context on the primary otherwise.
        services.AddScoped<ILearningReadDb>(sp => sp.GetRequiredService<ReplicaMonitor>().InUse
            ? new LearningReadDb(new LearningDbContext(sp.GetRequiredService<ReplicaContextOptions>().Options), ownsContext: true)
            : new LearningReadDb(sp.GetRequiredService<LearningDbContext>(), ownsContext: false));
    }

    /// <summary>
    /// A failed command, query or save is rethrown and logged once by whoever handles it (the request's error handler: one
    /// line for an outage, the exception for a bug); EF's own error lines would log it twice, with a stack trace, for every
    /// request during an outage.
    /// </summary>
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, LogLevel.Debug), (RelationalEventId.ConnectionError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug)));

    /// <summary>
    /// Pool settings that pay on every request, unless the connection string says otherwise: no <c>DISCARD ALL</c>
    /// when a pooled connection is reused (nothing here changes session state), and statements used repeatedly are
    /// prepared once per connection.
    /// </summary>
    private static string Tune(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
