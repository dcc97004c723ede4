using LearningPlatform.Application.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

/// <summary>The background work as an operator sees it.</summary>
public static class JobEndpoints
{
    public static RouteGroupBuilder MapJobEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs", GetJobs)
            .WithName("GetJobs")
            .WithSummary("Jobs and outbox backlog")
            .WithDescription("Background jobs of this instance (schedule, last and next run), the last ranking runs of all instances, the outbox backlog (pending, due, dead-lettered, oldest), and the next nightly ranking (at, examsDue: contests ended by then and not ranked yet).");
        return admin;
    }

    public static async Task<Ok<JobsDto>> GetJobs(GetJobs handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct));
}
