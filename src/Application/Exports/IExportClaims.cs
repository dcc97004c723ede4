using LearningPlatform.Domain.Exports;

namespace LearningPlatform.Application.Exports;

/// <summary>Finds work for the export job without two instances taking the same export.</summary>
public interface IExportClaims
{
    /// <summary>
    /// The oldest export claimable at <paramref name="now"/> (PENDING, or RUNNING with its lease run out), row-locked
    /// in the caller's transaction and skipped by every other instance while locked; null when there is none.
    /// </summary>
    Task<Export?> LockNextAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Wakes this instance's export job, so an export requested here starts without waiting for the next poll.</summary>
public interface IExportQueue
{
    void Wake();
}
