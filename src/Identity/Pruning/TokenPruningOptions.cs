namespace LearningPlatform.Identity.Pruning;

/// <summary>
/// <c>AuthServer:Pruning</c>: how often <see cref="TokenPruningJob"/> runs and how old a token or authorization must be
/// before it may be deleted.
/// </summary>
public sealed class TokenPruningOptions
{
    /// <summary>The longest interval a <see cref="PeriodicTimer"/> takes (about 49.7 days), rounded down.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(49);

    /// <summary>How often the job runs; the first run is one interval after start. 0 turns it off (on this instance).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Only tokens and authorizations created longer ago than this are pruned. At least the refresh token lifetime, so a
    /// redeemed refresh token is kept as long as it could be replayed and its replay revoke the family.
    /// </summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromDays(30);
}
