namespace LearningPlatform.Application.Jobs;

/// <summary>What an admin sees of one background job (<c>GET /admin/jobs</c>).</summary>
public sealed record JobStatus(
    string Name,
    string Schedule,
    DateTimeOffset? LastStartedAt,
    DateTimeOffset? LastFinishedAt,
    string? LastOutcome,
    string? LastError,
    int? LastCount,
    DateTimeOffset? NextRunAt);

/// <summary>
/// This instance's record of its background jobs: each job reports its runs here. In-process, so with several
/// instances each answers for itself.
/// </summary>
public sealed class JobMonitor(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JobStatus> _jobs = [];

    public void Scheduled(string name, string schedule, DateTimeOffset nextRunAt)
    {
        lock (_gate)
        {
            _jobs[name] = (_jobs.GetValueOrDefault(name) ?? new JobStatus(name, schedule, null, null, null, null, null, null))
                with { Schedule = schedule, NextRunAt = nextRunAt };
        }
    }

    public void Started(string name)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(name, out var job))
            {
                _jobs[name] = job with { LastStartedAt = clock.GetUtcNow(), NextRunAt = null };
            }
        }
    }

    public void Finished(string name, int count, Exception? error = null)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(name, out var job))
            {
                _jobs[name] = job with
                {
                    LastFinishedAt = clock.GetUtcNow(),
                    LastOutcome = error is null ? "SUCCEEDED" : "FAILED",
                    LastError = error?.Message,
                    LastCount = count,
                };
            }
        }
    }

    public IReadOnlyList<JobStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _jobs.Values.OrderBy(j => j.Name)];
        }
    }
}
