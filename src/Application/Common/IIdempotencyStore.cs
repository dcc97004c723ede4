namespace LearningPlatform.Application.Common;

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
