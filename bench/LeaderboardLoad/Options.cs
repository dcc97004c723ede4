using System.Globalization;

namespace LearningPlatform.LeaderboardLoad;

public static class Usage
{
    public const string Text = """
        usage: LeaderboardLoad serve --authority URL --admin-token-file FILE --learner-token-file FILE [--max-seconds 3000]
               LeaderboardLoad load  --url URL-WITH-{offset} --offset-max N [--token-file FILE] [--label NAME]
                                     [--workers 32] [--warmup 10] [--duration 20] [--request-timeout 10]
                                     [--expect TEXT] [--server-pid N] [--redis-pid N] [--clk-tck 100]
        """;
}

public sealed class UsageException(string message) : Exception(message);

/// <summary>"--name value" pairs; every value is read once, and anything left over is an error.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values;

    private Options(Dictionary<string, string> values) => _values = values;

    public static Options? Parse(string[] args)
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

        return new Options(values);
    }

    public string Text(string name) => TextOrNull(name) ?? throw new UsageException($"--{name} is required");

    public string? TextOrNull(string name) => _values.Remove(name, out var v) ? v : null;

    public long Number(string name, long fallback, long min, long max)
    {
        var text = TextOrNull(name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            throw new UsageException($"--{name} must be a whole number in {min}..{max}, got '{text}'");
        }

        return n;
    }

    public void EnsureAllRead()
    {
        if (_values.Count > 0)
        {
            throw new UsageException($"unknown option(s): {string.Join(", ", _values.Keys.Select(k => "--" + k))}");
        }
    }
}
