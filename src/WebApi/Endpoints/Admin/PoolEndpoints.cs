using LearningPlatform.Application.Common;
using LearningPlatform.Application.QuestionBank;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record PoolsResponse(IReadOnlyList<PoolDto> Pools);

/// <summary>Question pools: saved draw rules (category + tags) that exams draw from when scheduled.</summary>
public static class PoolEndpoints
{
    public static RouteGroupBuilder MapPoolEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/pools", ListPools)
            .WithName("ListPools")
            .WithSummary("List question pools")
            .WithDescription("Pools by name (limit 1..100, default 50), each with how many READY questions match it now.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/pools", CreatePool)
            .WithName("CreatePool")
            .WithSummary("Create a question pool")
            .WithDescription("Body {\"name\", \"categoryId\"?, \"tags\"?}: the READY questions of the category (or of the whole bank) carrying all the tags.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapGet("/pools/{poolId:guid}", GetPool)
            .WithName("GetPool")
            .WithSummary("Read a question pool")
            .WithDescription("The pool's rule and how many READY questions match it now.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPut("/pools/{poolId:guid}", UpdatePool)
            .WithName("UpdatePool")
            .WithSummary("Change a question pool")
            .WithDescription("Exams already scheduled keep what they drew.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapDelete("/pools/{poolId:guid}", DeletePool)
            .WithName("DeletePool")
            .WithSummary("Delete a question pool")
            .WithDescription("A draft that still draws from it fails to schedule, naming the item.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Ok<PoolsResponse>> ListPools([AsParameters] PageQuery page, ListPools handler, CancellationToken ct) =>
        TypedResults.Ok(new PoolsResponse(await handler.HandleAsync(page.Skip, page.Take(50), ct)));

    public static async Task<Created<PoolDto>> CreatePool(PoolRequest request, HttpContext http, CreatePool handler, CancellationToken ct)
    {
        var pool = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/pools/{pool.Id}", pool);
    }

    public static async Task<Ok<PoolDto>> GetPool(Guid poolId, GetPool handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(poolId, ct));

    public static async Task<Ok<PoolDto>> UpdatePool(Guid poolId, PoolRequest request, HttpContext http, UpdatePool handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(poolId, request, http.User.UserId(), ct));

    public static async Task<NoContent> DeletePool(Guid poolId, HttpContext http, DeletePool handler, CancellationToken ct)
    {
        await handler.HandleAsync(poolId, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }
}
