namespace LearningPlatform.MobileClient;

/// <summary>
/// One finished call of the flow: which step, how long it took (retries and their waits included), how it ended, and
/// why it was repeated (<c>"503 dependency.unavailable"</c>, <c>"connection"</c>, ...), once per repeat.
/// </summary>
public sealed record StepOutcome(string Step, TimeSpan Elapsed, int Status, string? Code, int Retries, IReadOnlyList<string>? RetriedFor = null)
{
    public bool Succeeded => Status is >= 200 and < 300 or 304;
}

/// <summary>Sees every step a <see cref="MobileApp"/> makes (the console prints them, the load generator counts them).</summary>
public interface IStepObserver
{
    void Completed(StepOutcome outcome);
}

/// <summary>A call the API refused, with the problem's stable <c>code</c>.</summary>
public sealed class ApiException(string step, int status, Problem? problem, string body)
    : Exception($"{step}: {status} {problem?.Code ?? "(no code)"} {problem?.Title ?? Trim(body)}")
{
    public string Step { get; } = step;
    public int Status { get; } = status;
    public string? Code { get; } = problem?.Code;
    public Problem? Problem { get; } = problem;

    private static string Trim(string body) => body.Length > 200 ? body[..200] + "…" : body;
}

public static class StepNames
{
    public const string Register = "register";
    public const string SignIn = "sign-in";
    public const string Refresh = "refresh";
    public const string Exams = "exams";
    public const string Start = "start";
    public const string Questions = "questions";
    public const string Answer = "answer";
    public const string Complete = "complete";
    public const string Result = "result";
    public const string Leaderboard = "leaderboard";
    public const string Me = "me";
    public const string Rewards = "rewards";
    public const string Claim = "claim";
    public const string Device = "device";
    public const string Inbox = "inbox";
    public const string Read = "read";
    public const string Courses = "courses";
    public const string Course = "course";
    public const string Progress = "progress";
    public const string Baseline = "baseline";

    /// <summary>The order the flow takes them in, for reports.</summary>
    public static readonly string[] Ordered =
    [
        Register, SignIn, Refresh, Exams, Start, Questions, Answer, Complete, Result, Leaderboard, Me, Rewards, Claim, Device, Inbox,
        Read, Courses, Course, Progress, Baseline,
    ];
}
