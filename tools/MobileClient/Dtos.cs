namespace LearningPlatform.MobileClient;

// The client's own view of the API's bodies (README "The API so far"). Enum-like values stay strings: a client keeps
// working when the server adds a status it does not know yet.

public sealed record TokenResponse(string AccessToken, string? RefreshToken, int ExpiresIn);

public sealed record Exam(
    Guid Id, string Title, string Mode, string Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int DurationSeconds,
    int QuestionCount, bool IsPremium, int MaxAttempts, int AttemptsUsed, int AttemptsLeft, DateTimeOffset? NextRankingAt, long EntryFee);

public sealed record Choice(Guid Id, string Text);

public sealed record Question(Guid Id, int Number, string Text, int Points, IReadOnlyList<Choice> Choices);

/// <summary>A started (or resumed) attempt with its questions in the attempt's order, as they were streamed.</summary>
public sealed record StartedAttempt(
    Guid ExamId, Guid AttemptId, string AttemptToken, DateTimeOffset ExpiresAt, bool Resumed, IReadOnlyList<Question> Questions);

public sealed record AnswerResult(Guid QuestionId, bool Duplicate, int Answered, int Remaining);

public sealed record Completion(Guid AttemptId, Guid ExamId, string Status, int Answered, int TotalQuestions, DateTimeOffset FinishedAt, int? Score, int? MaxScore);

public sealed record Prize(long? Coins, Guid? RewardId, string? RewardStatus);

public sealed record Standing(int Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, string? DisplayName);

/// <summary>The final screen, the result notification's deeplink target (<c>learning://exams/{examId}/result</c>).</summary>
public sealed record ExamResult(
    Guid ExamId, Guid AttemptId, string Status, int Answered, int TotalQuestions, DateTimeOffset FinishedAt, int? Rank, int? Position,
    int? Score, long? TotalElapsedMs, int? Participants, Prize? Prize, IReadOnlyList<Standing>? Top, IReadOnlyList<Standing>? Neighbours);

public sealed record LeaderboardEntry(long Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs, string? DisplayName);

public sealed record LeaderboardPage(Guid ExamId, bool Final, string Visibility, long Total, long Offset, int Limit, IReadOnlyList<LeaderboardEntry> Entries);

public sealed record MyStanding(Guid ExamId, bool Final, string Visibility, long Total, LeaderboardEntry? Me, IReadOnlyList<LeaderboardEntry> Neighbours);

public sealed record Reward(Guid Id, Guid ExamId, Guid CouponCampaignId, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? CouponCode);

public sealed record RewardList(IReadOnlyList<Reward> Rewards);

public sealed record Device(Guid Id, string Platform, DateTimeOffset RegisteredAt);

public sealed record Notification(Guid Id, string Type, string Title, string Body, string? Deeplink, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationList(IReadOnlyList<Notification> Notifications);

public sealed record CourseSummary(Guid Id, string Title, string? Summary, int LessonCount, int CompletedLessons);

public sealed record CourseList(IReadOnlyList<CourseSummary> Courses);

public sealed record LessonProgress(int Percent, int Position, bool Completed, DateTimeOffset? CompletedAt, DateTimeOffset UpdatedAt);

public sealed record CourseLesson(Guid Id, string Title, string Kind, bool Premium, LessonProgress? Progress);

public sealed record Course(Guid Id, string Title, int LessonCount, int CompletedLessons, Guid? ContinueLessonId, IReadOnlyList<CourseLesson> Lessons);

/// <summary>An RFC 9457 problem as the API sends it: <c>code</c> is the stable error code.</summary>
public sealed record Problem(string? Title, int? Status, string? Code, string? Detail);
