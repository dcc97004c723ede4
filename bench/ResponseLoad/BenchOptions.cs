using System.Globalization;

namespace LearningPlatform.ResponseLoad;

public sealed class BenchOptions
{
    public const string Usage = """
        usage: ResponseLoad --base-url URL --db CONNECTION-STRING --authority URL
                            [--workers 64] [--learners-per-worker 8] [--questions 50]
                            [--warmup 3] [--duration 20] [--request-timeout 10] [--setup-timeout 60]
                            [--app-pid N] [--pg-pid N] [--redis-pid N] [--gateway-pid N] [--clk-tck 100] [--marker FILE]
        """;

    public required Uri BaseUrl { get; init; }
    public required string Database { get; init; }
    /// <summary>Where the bench token server listens; the WebApi's Auth:Authority (ends with '/').</summary>
    public required Uri Authority { get; init; }
    public string Audience { get; init; } = "learning-api";
    public int Workers { get; init; } = 64;
    /// <summary>Attempts prepared per worker; a worker moves to its next one when an attempt is fully answered.</summary>
    public int LearnersPerWorker { get; init; } = 8;
    public int Questions { get; init; } = 50;
    public int WarmupSeconds { get; init; } = 3;
    public int DurationSeconds { get; init; } = 20;
    public int RequestTimeoutSeconds { get; init; } = 10;
    public int SetupTimeoutSeconds { get; init; } = 60;
    public int? AppPid { get; init; }
    public int? PostgresPid { get; init; }
    public int? RedisPid { get; init; }
    /// <summary>The gateway in front of the app, when the load goes through it (bench/gateway.sh).</summary>
    public int? GatewayPid { get; init; }
    public int ClockTicksPerSecond { get; init; } = 100;
    /// <summary>Written when the measured window starts, so the caller can take process snapshots inside it.</summary>
    public string? MarkerFile { get; init; }

    public static BenchOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }

            values[args[i][2..]] = args[i + 1];
        }

        string? Text(string name) => values.Remove(name, out var v) ? v : null;
        int? Number(string name) => Text(name) is { } v
            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1
            : null;

        var baseUrl = Text("base-url");
        var db = Text("db");
        var authority = Text("authority");
        if (baseUrl is null || db is null || authority is null)
        {
            return null;
        }

        var options = new BenchOptions
        {
            BaseUrl = new Uri(baseUrl),
            Database = db,
            Authority = new Uri(authority),
            Audience = Text("audience") ?? "learning-api",
            Workers = Number("workers") ?? 64,
            LearnersPerWorker = Number("learners-per-worker") ?? 8,
            Questions = Number("questions") ?? 50,
            WarmupSeconds = Number("warmup") ?? 3,
            DurationSeconds = Number("duration") ?? 20,
            RequestTimeoutSeconds = Number("request-timeout") ?? 10,
            SetupTimeoutSeconds = Number("setup-timeout") ?? 60,
            AppPid = Number("app-pid"),
            PostgresPid = Number("pg-pid"),
            RedisPid = Number("redis-pid"),
            GatewayPid = Number("gateway-pid"),
            ClockTicksPerSecond = Number("clk-tck") ?? 100,
            MarkerFile = Text("marker"),
        };

        if (values.Count > 0)
        {
            Console.Error.WriteLine($"unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
            return null;
        }

        var sane = options.Workers is >= 1 and <= 1024 && options.LearnersPerWorker is >= 1 and <= 1000 &&
            options.Questions is >= 1 and <= 1000 && options.WarmupSeconds is >= 0 and <= 300 &&
            options.DurationSeconds is >= 1 and <= 600 && options.RequestTimeoutSeconds is >= 1 and <= 120 &&
            options.SetupTimeoutSeconds is >= 5 and <= 600 && options.ClockTicksPerSecond > 0 &&
            options.AppPid is null or > 0 && options.PostgresPid is null or > 0 && options.RedisPid is null or > 0 &&
            options.GatewayPid is null or > 0;
        return sane ? options : null;
    }
}
