using LearningPlatform.Application.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record JobsResponse(IReadOnlyList<JobStatus> Jobs);

public static class AdminJobEndpoints
{
    public static RouteGroupBuilder MapAdminJobEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs", (JobMonitor monitor) => TypedResults.Ok(new JobsResponse(monitor.Snapshot())))
            .WithName("GetJobs")
            .WithSummary("Background jobs of this instance: schedule, last run and its outcome, next run.")
            .Produces<JobsResponse>();
        return admin;
    }
}
