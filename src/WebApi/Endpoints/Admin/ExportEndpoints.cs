using LearningPlatform.Application.Exports;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

/// <summary>Exports of a ranked exam's standings as CSV: request one, follow it, download it.</summary>
public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExportEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/rankings/{examId:guid}/export", RequestExport)
            .WithName("RequestExport")
            .WithSummary("Export a ranked exam's standings as CSV")
            .WithDescription("Starts an export of a RANKED or PUBLISHED exam's standings: 202 {exportId, examId, status: PENDING} with a " +
                "Location to GET /exports/{id}; a background job writes the CSV (position, rank, learner_id, display_name, score, " +
                "total_elapsed_ms, prize_coins, coupon_campaign_id; a header row, RFC 4180 quoting, in position order) to the object " +
                "store. 404 exam.not_found; 409 export.not_ranked (no standings yet), export.already_running with the exportId of the " +
                "export of this exam still PENDING or RUNNING (follow that one).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/exports/{exportId:guid}", GetExport)
            .WithName("GetExport")
            .WithSummary("Get an export")
            .WithDescription("The export's status: PENDING, RUNNING, SUCCEEDED (rows, bytes, and downloadUrl: a presigned GET of the CSV " +
                "straight from the object store, valid until downloadExpiresAt, served as text/csv attachment) or FAILED (error). " +
                "404 export.not_found.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Accepted<ExportAccepted>> RequestExport(Guid examId, HttpContext http, RequestExport handler, CancellationToken ct)
    {
        var accepted = await handler.HandleAsync(examId, http.User.UserId(), ct);
        return TypedResults.Accepted($"/api/learning/admin/exports/{accepted.ExportId}", accepted);
    }

    public static async Task<Ok<ExportDto>> GetExport(Guid exportId, GetExport handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(exportId, ct));
}
