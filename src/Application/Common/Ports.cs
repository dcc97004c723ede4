namespace LearningPlatform.Application.Common;

/// <summary>Short-lived exclusive leases (Redis <c>SET NX PX</c>). Keys are given without the <c>lp:</c> prefix.</summary>
public interface IDistributedLocks
{
    /// <summary>Takes the lease, or returns null when someone else holds it. Disposing releases it if still ours.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a lease that is renewed in the background until disposed, or returns null when someone else holds it.
    /// <see cref="IRenewedLease.Lost"/> fires when a renewal fails: the holder must stop and roll back.
    /// </summary>
    Task<IRenewedLease?> TryAcquireRenewedAsync(string key, TimeSpan lease, CancellationToken cancellationToken);
}

public interface IRenewedLease : IAsyncDisposable
{
    CancellationToken Lost { get; }
}

/// <summary>Counts calls per partition in a fixed window.</summary>
public interface IThrottle
{
    Task<ThrottleDecision> HitAsync(string policy, string partition, int limit, TimeSpan window, CancellationToken cancellationToken);
}

public sealed record ThrottleDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// The Idempotency-Key store: one record per (principal, key) holding the request's fingerprint and,
/// once the request finished, the response to replay.
/// </summary>
public interface IIdempotencyStore
{
    Task<IdempotencyBegin> TryBeginAsync(string principal, string key, string fingerprint, CancellationToken cancellationToken);

    Task CompleteAsync(string principal, string key, string fingerprint, StoredResponse response, CancellationToken cancellationToken);

    /// <summary>Drops an in-flight record whose request failed in a way worth retrying.</summary>
    Task ReleaseAsync(string principal, string key, CancellationToken cancellationToken);
}

public enum IdempotencyState
{
    /// <summary>First time this key is seen: go ahead, then call Complete or Release.</summary>
    Started,
    /// <summary>Seen and finished with the same body: replay <see cref="IdempotencyBegin.Response"/>.</summary>
    Completed,
    /// <summary>Seen with the same body and still running.</summary>
    InFlight,
    /// <summary>Seen with a different body.</summary>
    FingerprintMismatch,
}

public sealed record IdempotencyBegin(IdempotencyState State, StoredResponse? Response = null);

public sealed record StoredResponse(int StatusCode, string? ContentType, string? Location, byte[] Body);

/// <summary>
/// An exam's questions with their choices, read-only and shared, keyed by question id. Questions do not change
/// while an exam is open, so answering reads them from memory instead of the database.
/// </summary>
public interface IQuestionPools
{
    Task<IReadOnlyDictionary<Guid, Domain.Exams.Question>> GetAsync(Guid examId, CancellationToken cancellationToken);
}

/// <summary>When the nightly ranking job runs (its schedule and time zone are configuration).</summary>
public interface IRankingCalendar
{
    /// <summary>The first scheduled run strictly after <paramref name="after"/>.</summary>
    DateTimeOffset NextRunAfter(DateTimeOffset after);
}

/// <summary>
/// The set-based part of a ranking, run inside the caller's transaction: standings with shared ranks, prizes by the
/// exam's table and tie rule, coupon rewards (ASSIGNED) and coin ledger credits. The attempts never leave the database.
/// </summary>
public interface IExamRanker
{
    Task<RankingWritten> WriteAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one personal outbox message per prize winner of a ranked exam (inside the caller's transaction);
    /// returns how many. The coupon code is never in them: a winner is pointed to the result screen.
    /// </summary>
    Task<int> WriteWinnerNoticesAsync(Domain.Exams.Exam exam, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed record RankingWritten(int Participants, int Winners, long PaidOut);

/// <summary>Hands a claimed ranking to this instance's background worker, so the admin's request can answer 202.</summary>
public interface IRankingQueue
{
    ValueTask EnqueueAsync(Ranking.RankingClaim claim, CancellationToken cancellationToken);
}

/// <summary>One line of a leaderboard: tied learners share <see cref="Rank"/>; <see cref="Position"/> is 1-based.</summary>
public sealed record LeaderboardEntry(long Position, int Rank, Guid LearnerId, int Score, long TotalElapsedMs);

/// <summary>What the cache holds for an exam: provisional (live, during the exam) or final (after publish).</summary>
public sealed record LeaderboardSlice(bool Final, long Total, IReadOnlyList<LeaderboardEntry> Entries);

/// <summary>
/// The exam leaderboards in Redis (<c>lp:lb:{examId}</c>). The live one is updated on each completion and keeps each
/// learner's best; the final one is written at publish. Both are rebuilt from PostgreSQL when missing, into a
/// temporary key that replaces the old one atomically, so a half-built board is never read.
/// Reads return null when the exam has no board in Redis.
/// </summary>
public interface ILeaderboardCache
{
    Task RecordAsync(Guid examId, Guid learnerId, int score, long totalElapsedMs, CancellationToken cancellationToken);

    Task<LeaderboardSlice?> PageAsync(Guid examId, long offset, int limit, CancellationToken cancellationToken);

    /// <summary>The learner's line and up to <paramref name="radius"/> lines on each side; no entries if the learner is not on the board.</summary>
    Task<(LeaderboardSlice Slice, LeaderboardEntry? Me)?> AroundAsync(Guid examId, Guid learnerId, int radius, CancellationToken cancellationToken);

    /// <summary>Replaces the board with <paramref name="entries"/> (in order); a live rebuild never replaces a final board.</summary>
    Task<long> ReplaceAsync(Guid examId, bool final, IAsyncEnumerable<LeaderboardEntry> entries, CancellationToken cancellationToken);

    /// <summary>Drops the exam's board, so the next read rebuilds it.</summary>
    Task ForgetAsync(Guid examId, CancellationToken cancellationToken);
}

/// <summary>The leaderboards as PostgreSQL has them: the source of every rebuild and the fallback while Redis is away.</summary>
public interface ILeaderboardSource
{
    /// <summary>Final: the published standings in order. Live: each learner's best counted result, ranked now.</summary>
    IAsyncEnumerable<LeaderboardEntry> ReadAsync(Guid examId, bool final, CancellationToken cancellationToken);

    Task<IReadOnlyList<LeaderboardEntry>> PageAsync(Guid examId, bool final, long offset, int limit, CancellationToken cancellationToken);

    /// <summary>The learner's line and up to <paramref name="radius"/> on each side; empty if the learner is not on the board.</summary>
    Task<IReadOnlyList<LeaderboardEntry>> AroundAsync(Guid examId, bool final, Guid learnerId, int radius, CancellationToken cancellationToken);

    Task<long> CountAsync(Guid examId, bool final, CancellationToken cancellationToken);
}

/// <summary>A cache (Redis) did not answer; the caller reads PostgreSQL instead.</summary>
public sealed class CacheUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Coupon codes at rest: encrypted with ASP.NET Core Data Protection (keys shared by every instance), a keyed hash to
/// find duplicates without decrypting, and a masked form for admins.
/// </summary>
public interface ICouponCodes
{
    ProtectedCode Protect(string code);

    string Reveal(string ciphertext);
}

public sealed record ProtectedCode(string Ciphertext, string Hash, string Masked);

/// <summary>A campaign's coupons as the claim takes them.</summary>
public interface ICouponStock
{
    /// <summary>
    /// The oldest available coupon of the campaign, locked for the caller's transaction (concurrent claims skip it and
    /// take the next), or null when the campaign is out of stock.
    /// </summary>
    Task<Domain.Rewards.Coupon?> TakeAvailableAsync(Guid campaignId, CancellationToken cancellationToken);
}
