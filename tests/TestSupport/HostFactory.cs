using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace LearningPlatform.TestSupport;

/// <summary>
/// A host under test with a database of its own (dropped at the end), in memory or — with <c>kestrel</c> —
/// on a free loopback port, for hosts that other hosts must reach over HTTP.
/// </summary>
public abstract class HostFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint>, IAsyncLifetime
    where TEntryPoint : class
{
    private readonly string _databasePrefix;
    private TestDatabase? _database;

    protected HostFactory(string databasePrefix, bool kestrel)
    {
        _databasePrefix = databasePrefix;
        if (kestrel)
        {
            var port = TestEnvironment.FreePort();
            UseKestrel(port);
            KestrelAddress = new Uri($"http://127.0.0.1:{port}/");
        }
    }

    /// <summary>The loopback address when running on Kestrel; null in memory.</summary>
    public Uri? KestrelAddress { get; }

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(_databasePrefix);
        if (KestrelAddress is not null)
        {
            StartServer();
        }
        else
        {
            _ = Server; // start it now, so hosted services (seeding) have run before the first test
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
        }
    }
}
