using LearningPlatform.Application;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure;
using LearningPlatform.Infrastructure.Persistence;
using LearningPlatform.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Infrastructure.IntegrationTests;

/// <summary>The real Infrastructure (PostgreSQL + Redis) on a database and key prefix of its own, without a web host.</summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public string RedisPrefix { get; } = TestEnvironment.UniqueName("lp:i") + ":";
    public string Bucket { get; } = TestEnvironment.UniqueBucket();
    public TestDatabase Database => _database!;
    public IServiceProvider Services => _services!;

    /// <summary>Lets a test swap a port (e.g. a lock that always grants, to play a Redis that forgot its key).</summary>
    public Action<IServiceCollection> Customize { get; set; } = _ => { };

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("lp_infra");
        _services = Build(_ => { });
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LearningDbContext>().Database.MigrateAsync();
        await _services.GetRequiredService<LearningPlatform.Infrastructure.Storage.S3BucketSetup>().StartAsync(CancellationToken.None);
    }

    public ServiceProvider Build(Action<IServiceCollection> customize)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:LearningDb"] = Database.ConnectionString,
            ["Redis:Configuration"] = TestEnvironment.Redis,
            ["Redis:KeyPrefix"] = RedisPrefix,
            // Generous under a loaded 2-core CI machine; what a timeout does is tested by the outage tests.
            ["Redis:TimeoutMs"] = "10000",
            // The smallest part S3 allows, so a few MB make a multipart upload of several parts.
            ["S3:MultipartPartSize"] = "5242880",
        }.Concat(TestEnvironment.S3Settings(Bucket).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddApplication(configuration)
            .AddInfrastructure(configuration);
        services.AddSingleton<LearningPlatform.Infrastructure.Storage.S3BucketSetup>();
        customize(services);
        return services.BuildServiceProvider();
    }

    public async Task<Exam> AddExamAsync(int questions = 3)
    {
        var now = DateTimeOffset.UtcNow;
        var exam = Exam.Create("Infra exam", now.AddHours(-1), now.AddHours(1), TimeSpan.FromMinutes(10), now);
        for (var i = 0; i < questions; i++)
        {
            exam.AddQuestion($"Q{i}", 10, [("yes", true), ("no", false)]);
        }

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Exams.Add(exam);
        await db.SaveChangesAsync();
        return exam;
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>A lock that always grants: what the start use case sees if Redis lost the key.</summary>
internal sealed class AlwaysGrantedLocks : IDistributedLocks
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(new Nothing());

    public Task<IRenewedLease?> TryAcquireRenewedAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        Task.FromResult<IRenewedLease?>(new Nothing());

    private sealed class Nothing : IRenewedLease
    {
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static IServiceCollection WithoutRedisLocks(this IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IDistributedLocks, AlwaysGrantedLocks>());
}
