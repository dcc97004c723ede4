using LearningPlatform.Application.Rewards;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

/// <summary>Coupon stock.</summary>
public static class CouponEndpoints
{
    public static RouteGroupBuilder MapCouponEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/coupon-campaigns/{campaignId:guid}/coupons", ImportCoupons)
            .WithName("ImportCoupons")
            .WithSummary("Import coupon codes")
            .WithDescription("Add coupon codes to a campaign's stock: text/csv, one code per line (header 'code' optional), up to 64 KB per upload. Duplicates are reported by line and skipped. A code with control characters is reported as an invalid line.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return admin;
    }

    public static async Task<Ok<CouponImportResult>> ImportCoupons(Guid campaignId, HttpContext http, ImportCoupons handler, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        return TypedResults.Ok(await handler.HandleAsync(campaignId, http.User.UserId(), reader, ct));
    }
}
