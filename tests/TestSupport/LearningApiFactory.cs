using LearningPlatform.Domain.Exams;
using LearningPlatform.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using LearningPlatform.WebApi;

namespace LearningPlatform.TestSupport;

/// <summary>
/// The real WebApi host on a database of its own and a Redis key prefix of its own (one per test class),
/// with a fake clock that starts at the real time so tokens stay valid.
/// </summary>
public class LearningApiFactory : HostFactory<WebApiHost>
{
    public LearningApiFactory() : this(kestrel: false)
    {
    }

    /// <summary>With <paramref name="kestrel"/> the host listens on a real loopback port (for the gateway to proxy to).</summary>
    protected LearningApiFactory(bool kestrel) : base("lp_api", kestrel)
    {
    }
    private IdentityHostFactory? _identity;

    private FakeTimeProvider? _clock;

    /// <summary>The host's clock. It starts at <see cref="ClockStart"/>, the real time unless a test class moves it.</summary>
    public FakeTimeProvider Clock => _clock ??= new FakeTimeProvider(ClockStart);

    protected virtual DateTimeOffset ClockStart => DateTimeOffset.UtcNow;

    /// <summary>The nightly job's cron in test hosts: once a day, about twelve hours (UTC) from this process's start.</summary>
    public static readonly string QuietSchedule = $"0 {(DateTime.UtcNow.Hour + 12) % 24} * * *";
    public IdentityHostFactory Identity => _identity ?? throw new InvalidOperationException("Not initialised.");
    public string RedisPrefix { get; } = TestEnvironment.UniqueName("lp:t") + ":";

    /// <summary>This host's bucket on the test s3rver, created at start.</summary>
    public string Bucket { get; } = TestEnvironment.UniqueBucket();

    /// <summary>Everything the host logged, for tests that check what an operator would read.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Overridden by the outage tests, which bring their own redis-server.</summary>
    protected virtual string RedisConfiguration => TestEnvironment.Redis;

    /// <summary>Extra settings a test class needs (e.g. a low throttle limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public override async Task InitializeAsync()
    {
        _identity = await SharedIdentity.GetAsync();
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LearningDbContext>().Database.MigrateAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => Configure(builder, Settings);

    /// <summary>
    /// Another WebApi instance on the same database, Redis key prefix, token server and clock (as a second replica
    /// behind the gateway, or the same service restarted), with its own <paramref name="settings"/>.
    /// </summary>
    public WebApplicationFactory<WebApiHost> AnotherInstance(params KeyValuePair<string, string>[] settings) =>
        AnotherInstance(_ => { }, settings);

    /// <summary>
    /// As <see cref="AnotherInstance(Action{IServiceCollection}, KeyValuePair{string, string}[])"/>, listening on a loopback
    /// port of its own (started), for a gateway to balance over several instances.
    /// </summary>
    public LoopbackLearningApiInstance AnotherInstanceOnLoopback(Action<IServiceCollection> services, params KeyValuePair<string, string>[] settings)
    {
        var instance = new LoopbackLearningApiInstance(this, services, settings);
        instance.StartServer();
        return instance;
    }

    /// <summary>As <see cref="AnotherInstance(KeyValuePair{string, string}[])"/>, with services of its own (e.g. a fault to inject).</summary>
    public WebApplicationFactory<WebApiHost> AnotherInstance(Action<IServiceCollection> services, params KeyValuePair<string, string>[] settings) =>
        new WebApplicationFactory<WebApiHost>().WithWebHostBuilder(builder =>
        {
            Configure(builder, settings);
            builder.ConfigureServices(services);
        });

    internal void Configure(IWebHostBuilder builder, IEnumerable<KeyValuePair<string, string>> settings)
    {
        builder.UseEnvironment("Testing");
        // No load balancer to drain from: a test host stops at once (the shutdown tests set their own delay).
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        builder.UseSetting("ConnectionStrings:LearningDb", Database.ConnectionString);
        builder.UseSetting("Redis:Configuration", RedisConfiguration);
        builder.UseSetting("Redis:KeyPrefix", RedisPrefix);
        // Generous under a loaded 2-core CI machine; an unreachable Redis still fails at once (fail-fast backlog).
        builder.UseSetting("Redis:TimeoutMs", "10000");
        builder.UseSetting("Auth:Authority", Identity.Issuer);
        builder.UseSetting("Auth:RequireHttpsMetadata", "false");
        // The nightly job keeps to its cron times in tests: its start-up pass may run before the test database is
        // migrated, and an early retry would fire as soon as a test moves the fake clock.
        builder.UseSetting("Ranking:RetryDelay", "7.00:00:00");
        // And its cron time is about twelve hours away: at the default 02:00 UTC, a test run around then that moved the
        // fake clock past a contest's end met the nightly job ranking the contest before the test's own run (409).
        builder.UseSetting("Ranking:Schedule", QuietSchedule);
        builder.UseSetting("Ranking:TimeZone", "UTC");
        foreach (var (key, value) in TestEnvironment.S3Settings(Bucket))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Registers a learner at the token server and returns a client carrying their access token.</summary>
    public async Task<Learner> NewLearnerAsync(string? displayName = null)
    {
        displayName ??= IdentityHostFactory.NewDisplayName();
        var tokens = await Identity.NewLearnerAsync(displayName: displayName);
        return new Learner(ClientWith(tokens.AccessToken), tokens.UserId) { DisplayName = displayName };
    }

    public HttpClient ClientWith(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        return client;
    }

    /// <summary>Adds an exam open now (by the fake clock) with <paramref name="questions"/> 10-point questions.</summary>
    public async Task<Exam> AddExamAsync(
        int questions = 5, TimeSpan? duration = null, int maxAttempts = 1, bool premium = false,
        DateTimeOffset? opensAt = null, DateTimeOffset? closesAt = null, Domain.Ranking.PrizeTable? prizes = null,
        ExamMode mode = ExamMode.Contest)
    {
        var now = Clock.GetUtcNow();
        var exam = Exam.Create(
            "Test exam", opensAt ?? now.AddHours(-1), closesAt ?? now.AddHours(2), duration ?? TimeSpan.FromMinutes(10), now,
            maxAttempts, premium, mode: mode);
        for (var i = 0; i < questions; i++)
        {
            exam.AddQuestion($"Question {i}?", 10, [($"right {i}", true), ($"wrong {i}", false), ($"other {i}", false)]);
        }

        if (prizes is not null)
        {
            exam.SetTerms(prizes, entryFee: 0, rakeBasisPoints: 0, guaranteedPool: 0);
        }

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Exams.Add(exam);
        await db.SaveChangesAsync();
        return exam;
    }

    /// <summary>An exam that ended an hour ago, ranked (with nobody) and, unless <paramref name="publish"/> is false, published.</summary>
    public async Task<Exam> AddRankedExamAsync(bool publish = true)
    {
        var now = Clock.GetUtcNow();
        var exam = Exam.Create("Ranked exam", now.AddHours(-3), now.AddHours(-1), TimeSpan.FromMinutes(10), now.AddHours(-4));
        exam.AddQuestion("Question?", 10, [("right", true), ("wrong", false)]);
        exam.Close(now);
        exam.BeginRanking();
        exam.CompleteRanking(0, 0);
        if (publish)
        {
            exam.Publish();
        }

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        db.Exams.Add(exam);
        await db.SaveChangesAsync();
        return exam;
    }

    public async Task<T> WithDbAsync<T>(Func<LearningDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LearningDbContext>());
    }
}

/// <summary>A registered learner: a client with their access token, their id (the token's sub) and the name they registered with.</summary>
public sealed record Learner(HttpClient Client, Guid Id)
{
    public string DisplayName { get; init; } = string.Empty;
}

/// <summary>Another instance of a <see cref="LearningApiFactory"/>'s service (same database, Redis prefix, clock) on a loopback port.</summary>
public sealed class LoopbackLearningApiInstance : WebApplicationFactory<WebApiHost>
{
    private readonly LearningApiFactory _parent;
    private readonly Action<IServiceCollection> _services;
    private readonly KeyValuePair<string, string>[] _settings;

    internal LoopbackLearningApiInstance(LearningApiFactory parent, Action<IServiceCollection> services, KeyValuePair<string, string>[] settings)
    {
        _parent = parent;
        _services = services;
        _settings = settings;
        var port = TestEnvironment.FreePort();
        UseKestrel(port);
        KestrelAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri KestrelAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _parent.Configure(builder, _settings);
        builder.ConfigureServices(_services);
    }
}
