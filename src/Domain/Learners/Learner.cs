namespace LearningPlatform.Domain.Learners;

/// <summary>Where a learner's display name came from.</summary>
public enum NameSource
{
    /// <summary>The token server's <c>name</c> claim, as of the learner's last attempt start; it follows the token.</summary>
    Token,
    /// <summary>The learner's own choice (<c>PUT /profile</c>); a token never overrides it.</summary>
    Profile,
}

/// <summary>
/// A learner as the LearningService knows them: the token's subject and the name leaderboards and the final screen
/// show. The row is written only when something changes: created at the first attempt start whose token carries a
/// usable name, or by the profile; the token's name replaces the stored one only while the learner has not chosen one.
/// </summary>
public sealed class Learner
{
    private Learner()
    {
        DisplayName = string.Empty;
    }

    /// <summary>The token's <c>sub</c>.</summary>
    public Guid Id { get; private set; }
    public string DisplayName { get; private set; }
    public NameSource NameSource { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Concurrency token (PostgreSQL <c>xmin</c>): an attempt start cannot overwrite a profile change it did not see.</summary>
    public uint Version { get; private set; }

    /// <summary>
    /// A learner first seen with a token: named after its <c>name</c> claim, or null when the claim is missing or
    /// breaks <see cref="DisplayNameRule"/> (an older token whose name was the e-mail address) — nothing to store then.
    /// </summary>
    public static Learner? FromToken(Guid id, string? tokenName, DateTimeOffset now) =>
        DisplayNameRule.Accept(tokenName) is { } name
            ? new Learner { Id = id, DisplayName = name, NameSource = NameSource.Token, UpdatedAt = now }
            : null;

    /// <summary>A learner first seen through the profile, with the name they chose.</summary>
    public static Learner FromProfile(Guid id, string displayName, DateTimeOffset now)
    {
        var learner = new Learner { Id = id };
        learner.Rename(displayName, now);
        return learner;
    }

    /// <summary>
    /// Seen again with a token: its name replaces the stored one if the learner has not chosen one and it is a usable,
    /// different name. True when something changed (and must be saved).
    /// </summary>
    public bool SeenWithToken(string? tokenName, DateTimeOffset now)
    {
        if (NameSource != NameSource.Token || DisplayNameRule.Accept(tokenName) is not { } name || name == DisplayName)
        {
            return false;
        }

        DisplayName = name;
        UpdatedAt = now;
        return true;
    }

    /// <summary>The learner's own choice: kept from now on, whatever later tokens say.</summary>
    public void Rename(string displayName, DateTimeOffset now)
    {
        if (DisplayNameRule.Problem(displayName) is { } problem)
        {
            throw LearnerErrors.InvalidDisplayName(problem);
        }

        DisplayName = DisplayNameRule.Normalize(displayName)!;
        NameSource = NameSource.Profile;
        UpdatedAt = now;
    }
}
