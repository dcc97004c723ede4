using LearningPlatform.Application.Billing;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

public sealed record PlansResponse(IReadOnlyList<PlanDto> Plans);

/// <summary>An App Store Server Notification v2 body (the Google Play push has its own shape; see the README).</summary>
public sealed record StoreNotificationBody(string? SignedPayload);

/// <summary>Plans, the learner's subscription, store purchases; and the stores' webhooks (public, verified by signature).</summary>
public static class BillingEndpoints
{
    public static RouteGroupBuilder MapBillingEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/plans", ListPlans)
            .WithName("ListPlans")
            .WithSummary("List the plans you can buy")
            .WithDescription("Each plan's code, name, the entitlement it grants (premium) and its product id in each store (appleProductId, googleProductId).");

        app.MapGet("/subscription", GetSubscription)
            .WithName("GetSubscription")
            .WithSummary("Get your subscription")
            .WithDescription("entitled (premium exams and lessons: a subscription ACTIVE, GRACE or CANCELED before its expiresAt), entitlements ([premium] or []), " +
                "and the subscription behind it (the entitled one running longest, else the one changed last; null if you never had one): " +
                "status ACTIVE, GRACE, ON_HOLD, PAUSED, CANCELED, EXPIRED, REFUNDED, REVOKED.");

        app.MapPost("/billing/purchases", SubmitPurchase)
            .WithName("SubmitPurchase")
            .WithSummary("Present a store purchase")
            .WithDescription("{store: apple, signedTransaction} (StoreKit 2's JWS transaction; set appAccountToken to your learner id at purchase) or " +
                "{store: google, productId, purchaseToken}. Verified server-side; then {seenBefore, entitled, subscription}. The same purchase again changes nothing. " +
                "A purchase another learner presented first: seenBefore true, entitled as before, subscription null. 400 billing.receipt_malformed, " +
                "billing.store_unsupported, validation.failed; 422 billing.certificate_untrusted, billing.signature_invalid, billing.wrong_app, " +
                "billing.wrong_environment, billing.not_a_subscription, billing.unknown_product; Google: 422 billing.purchase_not_found (Play does not know the token), " +
                "billing.purchase_pending (not paid yet), 400 billing.receipt_malformed (productId is not the purchase's), 503 dependency.unavailable (Play unreachable). " +
                "Nothing is stored when it is refused.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary><c>POST /api/learning/billing/webhooks/{store}</c>: no token; the store's signature is the authentication.</summary>
    public static IEndpointRouteBuilder MapBillingWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/learning/billing/webhooks/{store}", ReceiveStoreNotification)
            .AllowAnonymous()
            .WithTags("billing")
            .WithName("ReceiveStoreNotification")
            .WithSummary("A store's subscription notification")
            .WithDescription("store: apple (App Store Server Notifications v2: {signedPayload}) or google (Pub/Sub push). 200 {outcome: APPLIED, IGNORED " +
                "(older than the subscription's state, or no state change), UNMATCHED (no learner known yet), duplicate} once the notification is recorded; " +
                "the same notification again: 200, duplicate true, nothing changes. 400 billing.receipt_malformed, billing.store_unsupported; " +
                "401 billing.notification_unverified (with reason: the verification code; google: billing.push_unauthenticated when the push's OIDC bearer token " +
                "is not Google's for the configured audience and service account) — nothing is stored. google: deduplicated by message.messageId; the " +
                "subscription is re-read from the Play Developer API (503 dependency.unavailable when it cannot be, so Pub/Sub retries).")
            .Accepts<StoreNotificationBody>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    public static async Task<Ok<PlansResponse>> ListPlans(ListPlans handler, CancellationToken ct) =>
        TypedResults.Ok(new PlansResponse(await handler.HandleAsync(ct)));

    public static async Task<Ok<SubscriptionStatusDto>> GetSubscription(HttpContext http, GetSubscription handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), ct));

    public static async Task<Ok<PurchaseResult>> SubmitPurchase(PurchaseRequest request, HttpContext http, SubmitPurchase handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), request, ct));

    public static async Task<Ok<NotificationReceipt>> ReceiveStoreNotification(
        string store, HttpRequest request, ReceiveStoreNotification handler, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return TypedResults.Ok(await handler.HandleAsync(store, new StoreNotificationRequest(body.ToArray(), request.Headers.Authorization), ct));
    }
}
