using LearningPlatform.LeaderboardLoad;

// Two modes for bench/ranking.sh (see bench/README.md):
//   serve: the stand-in token server for the WebApi (discovery document + JWKS) for the whole run; writes an admin
//          and a learner token to files, then waits until it is stopped (or --max-seconds pass).
//   load:  a closed-loop GET load against one URL template for a warm-up plus a measured window; prints one
//          parseable RESULT line and a CPU line.
if (args.Length == 0)
{
    Console.Error.WriteLine(Usage.Text);
    return 2;
}

var options = Options.Parse(args[1..]);
if (options is null)
{
    Console.Error.WriteLine(Usage.Text);
    return 2;
}

try
{
    return args[0] switch
    {
        "serve" => await TokenServe.RunAsync(options),
        "load" => await ReadLoad.RunAsync(options),
        _ => Fail($"unknown mode '{args[0]}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"LeaderboardLoad: {ex.Message}");
    Console.Error.WriteLine(Usage.Text);
    return 2;
}

static int Fail(string message)
{
    Console.Error.WriteLine($"LeaderboardLoad: {message}");
    Console.Error.WriteLine(Usage.Text);
    return 2;
}
