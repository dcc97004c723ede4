using System.Globalization;
using LearningPlatform.MobileClient;

// The scripted mobile app. Loopback only.
//
//   run       [--gateway URL] [--exam ID] [--email E --password P]      one learner through the whole flow, step by step
//   load      --learners N --duration S [--gateway URL] [--exam ID] [--concurrency C] [--sources K]
//   baseline  --requests R [--concurrency C] [--gateway URL] [--sources K]   bare round trips through the gateway
const string usage = """
    usage: dotnet run --project tools/MobileClient -- <command> [options]   (loopback gateways only)
      run       [--gateway URL] [--exam ID] [--email E --password P]
                one learner through the app's flow, printing each step (a new account unless --email is given)
      load      --learners N --duration S [--gateway URL] [--exam ID] [--concurrency C] [--sources K]
                N learners (1..10000) through the flow, C at a time (default 50), for at most S seconds (1..3600);
                reports learners completed per minute, p50/p99 per step and errors by status and code
      baseline  --requests R [--concurrency C] [--gateway URL] [--sources K]
                R bare GETs of /api/learning/health/live through the gateway: the same-run baseline of bench/README.md
    --gateway defaults to http://127.0.0.1:5000 (scripts/run.sh)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    var options = Arguments.Parse(args.Skip(1));
    var gateway = LoopbackOnly.Require(options.GetValueOrDefault("gateway", "http://127.0.0.1:5000"));
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };

    switch (args[0])
    {
        case "run":
        {
            using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
            var app = new MobileApp(http, new ConsoleSteps());
            var account = options.TryGetValue("email", out var email)
                ? new LearnerAccount(email, options.GetValueOrDefault("password") ?? throw new ArgumentException("--email needs --password"), "Mobile client")
                : LearnerAccount.Fresh("run");
            var summary = await LearnerFlow.RunAsync(app, account, new FlowOptions
            {
                ExamId = Arguments.Guid(options, "exam"),
                Register = !options.ContainsKey("email"),
                Say = line => Console.WriteLine($"  {line}"),
            }, cancel.Token);
            Console.WriteLine($"done: learner {summary.LearnerId}, attempt {summary.AttemptId} {summary.Completion.Status}, result {summary.Result.Status}");
            return 0;
        }

        case "load":
        {
            var report = await LoadGenerator.RunAsync(new LoadOptions
            {
                Gateway = gateway,
                Learners = Arguments.Int(options, "learners") ?? throw new ArgumentException("--learners is required"),
                Duration = TimeSpan.FromSeconds(Arguments.Int(options, "duration") ?? throw new ArgumentException("--duration is required")),
                Concurrency = Arguments.Int(options, "concurrency") ?? 50,
                SourceAddresses = Arguments.Int(options, "sources") ?? 0,
                ExamId = Arguments.Guid(options, "exam"),
            }, line => Console.Error.WriteLine($"[load] {line}"), cancel.Token);
            Console.Write(report.Format());
            return report.Completed == report.Learners && report.Errors.Count == 0 ? 0 : 1;
        }

        case "baseline":
        {
            var summary = await LoadGenerator.BaselineAsync(gateway,
                Arguments.Int(options, "requests") ?? throw new ArgumentException("--requests is required"),
                Arguments.Int(options, "concurrency") ?? 50, Arguments.Int(options, "sources") ?? 1, cancel.Token);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline: {summary.Calls} round trips in {summary.Wall.TotalSeconds:F1} s = {summary.Calls / summary.Wall.TotalSeconds:F1}/s; p50 {summary.P50Ms:F1} ms, p99 {summary.P99Ms:F1} ms; {summary.Failed} not 2xx"));
            return summary.Failed == 0 ? 0 : 1;
        }

        default:
            Console.Error.WriteLine(usage);
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (ApiException e)
{
    Console.Error.WriteLine($"refused: {e.Message}");
    return 1;
}

/// <summary>Prints each step as it finishes.</summary>
internal sealed class ConsoleSteps : IStepObserver
{
    public void Completed(StepOutcome o) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(o.Succeeded ? "ok " : "ERR")} {o.Step,-12} {o.Status,3} {o.Elapsed.TotalMilliseconds,8:F1} ms{(o.Retries > 0 ? $" ({o.Retries} retries)" : "")}{(o.Code is null ? "" : $" {o.Code}")}"));
}

/// <summary><c>--name value</c> pairs.</summary>
internal static class Arguments
{
    public static Dictionary<string, string> Parse(IEnumerable<string> args)
    {
        var list = args.ToList();
        var parsed = new Dictionary<string, string>();
        for (var i = 0; i < list.Count; i += 2)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
            {
                throw new ArgumentException($"expected --name value, got '{list[i]}'");
            }

            parsed[list[i][2..]] = list[i + 1];
        }

        return parsed;
    }

    public static int? Int(Dictionary<string, string> options, string name) =>
        !options.TryGetValue(name, out var text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new ArgumentException($"--{name} must be a whole number, got '{text}'");

    public static Guid? Guid(Dictionary<string, string> options, string name) =>
        !options.TryGetValue(name, out var text) ? null
        : System.Guid.TryParse(text, out var id) ? id
        : throw new ArgumentException($"--{name} must be an id, got '{text}'");
}
