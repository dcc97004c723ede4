namespace LearningPlatform.Application.Ranking;

/// <summary>A count of learners whose score falls in <c>[From, To]</c> (both inclusive).</summary>
public sealed record ScoreBucket(int From, int To, long Learners);

/// <summary>What happened in <c>[From, To)</c>: counted results finished, and learners whose first counted result it was.</summary>
public sealed record CompletionBucket(DateTimeOffset From, DateTimeOffset To, long Completions, long NewParticipants);

/// <summary>
/// An exam's charts, computed set-based in the database (grouped there: an exam of a million attempts is never read into
/// memory). Scores come from the standings once the exam is ranked, else from each learner's best counted result so far.
/// </summary>
public interface IRankingStatistics
{
    /// <summary>Learners per score bucket of <paramref name="width"/> points from 0 (the last bucket also takes anything above).</summary>
    Task<IReadOnlyDictionary<int, long>> ScoreCountsAsync(Guid examId, bool fromStandings, int width, int buckets, CancellationToken cancellationToken);

    /// <summary>Per bucket (0-based) of <c>[from, to)</c> cut in <paramref name="buckets"/>: counted results finished, and first ones per learner.</summary>
    Task<IReadOnlyDictionary<int, (long Completions, long NewParticipants)>> CompletionCountsAsync(
        Guid examId, DateTimeOffset from, DateTimeOffset to, int buckets, CancellationToken cancellationToken);

    /// <summary>How many learners have a counted result (or a standing, once ranked).</summary>
    Task<long> ParticipantsAsync(Guid examId, bool fromStandings, CancellationToken cancellationToken);
}
