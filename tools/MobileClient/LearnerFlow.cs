using System.Diagnostics;

namespace LearningPlatform.MobileClient;

/// <summary>A learner account the flow registers and signs in with.</summary>
public sealed record LearnerAccount(string Email, string Password, string DisplayName)
{
    public static LearnerAccount Fresh(string tag) =>
        new($"mobile-{tag}-{Guid.NewGuid():N}@mobile-client.test", "mobile client password", $"Mobile {Guid.NewGuid().ToString("N")[..8]}");
}

public sealed class FlowOptions
{
    /// <summary>The exam to take; null: the first open exam the learner can still start for free (a contest first).</summary>
    public Guid? ExamId { get; init; }

    /// <summary>Whether the flow registers the account first (false: it exists already).</summary>
    public bool Register { get; init; } = true;

    /// <summary>Which choice the learner taps; by default the first one shown.</summary>
    public Func<Question, Choice> Choose { get; init; } = q => q.Choices[0];

    /// <summary>This phone's FCM token (a fresh one by default).</summary>
    public string DeviceToken { get; init; } = $"mobile-client:{Guid.NewGuid():N}";

    public string Platform { get; init; } = "android";

    /// <summary>Lines of what happens, for a person watching (null: silent).</summary>
    public Action<string>? Say { get; init; }
}

/// <summary>What one learner's run of the flow ended with.</summary>
public sealed record FlowSummary(
    Guid LearnerId, Guid ExamId, Guid AttemptId, int Answered, Completion Completion, ExamResult Result, LeaderboardPage Leaderboard,
    MyStanding Me, IReadOnlyList<Reward> ClaimedRewards, Device Device, IReadOnlyList<Notification> Inbox, Guid? LessonId,
    LessonProgress? Progress);

/// <summary>
/// The app's whole flow, step by step: register, sign in, list exams, start an attempt (the questions streamed), answer
/// each, complete, open the result, the leaderboard and your line, claim any reward waiting, register the phone, read
/// the inbox, report progress on a lesson.
/// </summary>
public static class LearnerFlow
{
    public static async Task<FlowSummary> RunAsync(MobileApp app, LearnerAccount account, FlowOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FlowOptions();
        var say = options.Say ?? (_ => { });

        if (options.Register)
        {
            await app.RegisterAsync(account.Email, account.Password, account.DisplayName, ct);
            say($"registered {account.Email} as \"{account.DisplayName}\"");
        }

        await app.SignInAsync(account.Email, account.Password, ct);
        say($"signed in: learner {app.LearnerId}, access token until {app.AccessTokenExpiresAt:HH:mm:ss}");

        var exams = await app.ListExamsAsync(ct);
        var exam = options.ExamId is { } wanted
            ? exams.FirstOrDefault(e => e.Id == wanted) ?? throw new InvalidOperationException($"Exam {wanted} is not in the list of {exams.Count} exams.")
            : PickExam(exams) ?? throw new InvalidOperationException($"None of the {exams.Count} exams listed is open and free to start.");
        say($"{exams.Count} exams listed; taking \"{exam.Title}\" ({exam.Mode}, {exam.Status}, {exam.QuestionCount} questions)");

        var shown = Stopwatch.StartNew();
        var started = await app.StartAttemptAsync(exam.Id, onQuestion: q => say($"  question {q.Number} arrived: {q.Text}"), ct: ct);
        say($"attempt {started.AttemptId} {(started.Resumed ? "resumed" : "started")}, {started.Questions.Count} questions, until {started.ExpiresAt:HH:mm:ss}");

        var answered = 0;
        foreach (var question in started.Questions)
        {
            var choice = options.Choose(question);
            // The time the learner took on this question, as the app measures it (the server checks the sum against its clock).
            var elapsed = shown.ElapsedMilliseconds;
            var answer = await app.AnswerAsync(started, question.Id, choice.Id, elapsed, ct);
            shown.Restart();
            answered = answer.Answered;
        }

        say($"answered {answered} of {started.Questions.Count}");
        var completion = await app.CompleteAsync(started, ct: ct);
        say($"completed: {completion.Status}, {completion.Answered}/{completion.TotalQuestions} answered{(completion.Score is { } s ? $", score {s}/{completion.MaxScore}" : "")}");

        var result = await app.OpenResultAsync(exam.Id, ct);
        say($"result screen: {result.Status}{(result.Rank is { } rank ? $", rank {rank} of {result.Participants}, score {result.Score}" : "")}");

        var (leaderboard, me) = await LeaderboardAsync(app, exam, ct);
        say(leaderboard is null
            ? "no leaderboard for a practice exam"
            : $"leaderboard: {leaderboard.Visibility}, {leaderboard.Total} on it; my line: {(me?.Me is { } line ? $"rank {line.Rank}" : "not shown")}");

        var claimed = await ClaimWaitingRewardsAsync(app, ct);
        say(claimed.Count == 0 ? "no reward waiting" : $"claimed {claimed.Count} reward(s): {string.Join(", ", claimed.Select(r => r.Status))}");

        var device = await app.RegisterDeviceAsync(options.DeviceToken, options.Platform, ct);
        say($"device registered ({device.Platform})");

        var inbox = await ReadInboxAsync(app, ct);
        say($"inbox: {inbox.Count} notification(s)");

        var (lessonId, progress) = await ProgressOnALessonAsync(app, ct);
        say(lessonId is null ? "no course with a free lesson to study" : $"lesson {lessonId}: progress {progress!.Percent} % at {progress.Position}");

        return new FlowSummary(app.LearnerId, exam.Id, started.AttemptId, answered, completion, result,
            leaderboard ?? new LeaderboardPage(exam.Id, false, "NONE", 0, 0, 0, []), me ?? new MyStanding(exam.Id, false, "NONE", 0, null, []),
            claimed, device, inbox, lessonId, progress);
    }

    /// <summary>An open exam with attempts left, free and not premium; contests before practice.</summary>
    public static Exam? PickExam(IEnumerable<Exam> exams) =>
        exams.Where(e => e.Status == "OPEN" && e.AttemptsLeft > 0 && e.EntryFee == 0 && !e.IsPremium)
            .OrderBy(e => e.Mode == "CONTEST" ? 0 : 1)
            .FirstOrDefault();

    private static async Task<(LeaderboardPage?, MyStanding?)> LeaderboardAsync(MobileApp app, Exam exam, CancellationToken ct)
    {
        if (exam.Mode != "CONTEST")
        {
            return (null, null);
        }

        return (await app.GetLeaderboardAsync(exam.Id, 0, 20, ct), await app.GetMyStandingAsync(exam.Id, ct));
    }

    /// <summary>Claims every ASSIGNED reward (a coupon prize of a published exam).</summary>
    public static async Task<IReadOnlyList<Reward>> ClaimWaitingRewardsAsync(MobileApp app, CancellationToken ct = default)
    {
        var claimed = new List<Reward>();
        foreach (var reward in (await app.ListRewardsAsync(ct)).Where(r => r.Status == "ASSIGNED").Take(10))
        {
            claimed.Add(await app.ClaimRewardAsync(reward.Id, ct: ct));
        }

        return claimed;
    }

    /// <summary>Reads the inbox and marks what is unread as read (as opening the app's inbox does).</summary>
    public static async Task<IReadOnlyList<Notification>> ReadInboxAsync(MobileApp app, CancellationToken ct = default)
    {
        var inbox = await app.ListNotificationsAsync(ct);
        foreach (var unread in inbox.Where(n => n.ReadAt is null).Take(10))
        {
            await app.MarkReadAsync(unread.Id, ct);
        }

        return inbox;
    }

    /// <summary>Opens the first course and reports half of its next free lesson done.</summary>
    public static async Task<(Guid?, LessonProgress?)> ProgressOnALessonAsync(MobileApp app, CancellationToken ct = default)
    {
        var courses = await app.ListCoursesAsync(ct);
        foreach (var summary in courses.Take(3))
        {
            var course = await app.GetCourseAsync(summary.Id, ct);
            var lesson = course.Lessons.FirstOrDefault(l => l.Id == course.ContinueLessonId && !l.Premium)
                         ?? course.Lessons.FirstOrDefault(l => !l.Premium);
            if (lesson is not null)
            {
                return (lesson.Id, await app.ReportProgressAsync(lesson.Id, percent: 50, position: 30, ct: ct));
            }
        }

        return (null, null);
    }
}
