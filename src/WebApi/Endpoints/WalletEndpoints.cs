using LearningPlatform.Application.Common;
using LearningPlatform.Application.Wallets;
using LearningPlatform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

/// <summary>A learner's own coins.</summary>
public static class WalletEndpoints
{
    public static RouteGroupBuilder MapWalletEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/wallet", GetWallet)
            .WithName("GetWallet")
            .WithSummary("Your coin wallet")
            .WithDescription("Your balance and your ledger, newest first (offset, limit 1..100, default 20; total counts every entry): " +
                "EXAM_PRIZE (credited at ranking), ENTRY_FEE (debited with your first attempt of a paid exam), ENTRY_REFUND (the exam was cancelled), " +
                "DEMO_GRANT (the demo's opening coins). Only your own entries; the balance never goes below zero.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Ok<WalletDto>> GetWallet([AsParameters] PageQuery page, HttpContext http, GetWallet handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), page.Skip, page.Take(20), ct));
}
