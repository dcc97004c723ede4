using LearningPlatform.Application.Common;
using LearningPlatform.Application.Rewards;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record CouponCampaignsResponse(IReadOnlyList<CouponCampaignDto> Campaigns);

/// <summary>Coupon campaigns and their stock.</summary>
public static class CouponEndpoints
{
    public static RouteGroupBuilder MapCouponEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/coupon-campaigns", ListCouponCampaigns)
            .WithName("ListCouponCampaigns")
            .WithSummary("List coupon campaigns")
            .WithDescription("Campaigns, newest first (limit 1..100, default 50), each with its stock: available (in stock), reserved (held for a claimed or approved reward), used (handed out: the reward is FULFILLED).")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/coupon-campaigns", CreateCouponCampaign)
            .WithName("CreateCouponCampaign")
            .WithSummary("Create a coupon campaign")
            .WithDescription("Body {\"name\": \"Bookshop vouchers\", \"description\": \"...\"} (name 1..100 characters, unique: 409 coupon_campaign.name_taken; description up to 1000, line breaks allowed). 201, empty: import its stock next; a prize tier points at it by id. Audited (entity COUPON_CAMPAIGN).")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapGet("/coupon-campaigns/{campaignId:guid}", GetCouponCampaign)
            .WithName("GetCouponCampaign")
            .WithSummary("One coupon campaign")
            .WithDescription("The campaign and its stock. 404 coupon_campaign.not_found.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/coupon-campaigns/{campaignId:guid}/coupons", ImportCoupons)
            .WithName("ImportCoupons")
            .WithSummary("Import coupon codes")
            .WithDescription("Add coupon codes to a campaign's stock: text/csv, one code per line (header 'code' optional), up to 64 KB per upload. Duplicates are reported by line and skipped. A code with control characters is reported as an invalid line. An unknown campaign is 404 coupon_campaign.not_found.")
            .Accepts<string>("text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Ok<CouponCampaignsResponse>> ListCouponCampaigns([AsParameters] PageQuery page, ListCouponCampaigns handler, CancellationToken ct) =>
        TypedResults.Ok(new CouponCampaignsResponse(await handler.HandleAsync(page.Skip, page.Take(50), ct)));

    public static async Task<Created<CouponCampaignDto>> CreateCouponCampaign(
        CouponCampaignRequest request, HttpContext http, CreateCouponCampaign handler, CancellationToken ct)
    {
        var campaign = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/coupon-campaigns/{campaign.Id}", campaign);
    }

    public static async Task<Ok<CouponCampaignDto>> GetCouponCampaign(Guid campaignId, GetCouponCampaign handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(campaignId, ct));

    public static async Task<Ok<CouponImportResult>> ImportCoupons(Guid campaignId, HttpContext http, ImportCoupons handler, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        return TypedResults.Ok(await handler.HandleAsync(campaignId, http.User.UserId(), reader, ct));
    }
}
