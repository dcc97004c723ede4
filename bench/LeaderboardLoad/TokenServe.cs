using LearningPlatform.ResponseLoad;

namespace LearningPlatform.LeaderboardLoad;

/// <summary>
/// Runs <see cref="BenchTokenServer"/> for the whole bench run, so the WebApi can fetch the discovery document and
/// JWKS whenever it first needs them, and writes one admin token (role admin, scope learning.admin) and one learner
/// token (role learner, scope learning.app) for the shell script to use. Tokens live one hour; the run is bounded below.
/// </summary>
public static class TokenServe
{
    public static async Task<int> RunAsync(Options options)
    {
        var authority = new Uri(options.Text("authority"));
        var adminFile = options.Text("admin-token-file");
        var learnerFile = options.Text("learner-token-file");
        var audience = options.TextOrNull("audience") ?? "learning-api";
        var maxSeconds = options.Number("max-seconds", 3000, 10, 3300);
        options.EnsureAllRead();
        if (!authority.IsLoopback)
        {
            throw new UsageException("--authority must be a loopback address");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        await using var server = await BenchTokenServer.StartAsync(authority, deadline.Token);
        await WriteAtomicallyAsync(adminFile, server.MintToken(Guid.NewGuid(), "learning.admin", "admin", audience));
        await WriteAtomicallyAsync(learnerFile, server.MintToken(Guid.NewGuid(), "learning.app", "learner", audience));
        Console.WriteLine($"serving {server.Authority} for at most {maxSeconds} s");
        try
        {
            await Task.Delay(Timeout.Infinite, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("token server: --max-seconds reached, stopping");
        }

        return 0;
    }

    // The script waits for the file to appear: it must never see half of it.
    private static async Task WriteAtomicallyAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}

