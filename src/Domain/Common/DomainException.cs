namespace LearningPlatform.Domain.Common;

/// <summary>What kind of rule was broken; the API maps each kind to one HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The input is out of range for this rule (400).</summary>
    Invalid,
    /// <summary>The thing does not exist for this caller (404).</summary>
    NotFound,
    /// <summary>The current state does not allow the move (409).</summary>
    Conflict,
    /// <summary>The caller lacks an entitlement (403).</summary>
    Forbidden,
    /// <summary>The input is well-formed but refers to something that does not fit (422).</summary>
    Unprocessable,
    /// <summary>The caller could not be authenticated, e.g. a webhook whose signature does not verify (401).</summary>
    Unauthenticated,
}

/// <summary>
/// A broken business rule, carrying a stable machine-readable code such as <c>attempt.expired</c>, and optionally
/// members the client needs to act on it (e.g. the <c>runId</c> of the ranking run in the way), which the API adds to
/// the ProblemDetails.
/// </summary>
public sealed class DomainException(string code, string message, DomainErrorKind kind) : Exception(message)
{
    public string Code { get; } = code;
    public DomainErrorKind Kind { get; } = kind;
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}
