using LearningPlatform.Application.Notifications;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

/// <summary>The learner's phones (FCM registration tokens).</summary>
public static class DeviceEndpoints
{
    public static RouteGroupBuilder MapDeviceEndpoints(this RouteGroupBuilder app)
    {
        app.MapPut("/devices", RegisterDevice)
            .WithName("RegisterDevice")
            .WithSummary("Register a device")
            .WithDescription("Register this phone's FCM token ({token, platform: ios|android}); a token moves to the newest learner who registers it.")
            .WithValidation();

        app.MapDelete("/devices/{token}", RemoveDevice)
            .WithName("RemoveDevice")
            .WithSummary("Remove a device")
            .WithDescription("Stop pushing to this token (sign-out).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<DeviceDto>> RegisterDevice(RegisterDeviceRequest request, HttpContext http, RegisterDevice handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), request, ct));

    public static async Task<NoContent> RemoveDevice(string token, HttpContext http, RemoveDevice handler, CancellationToken ct)
    {
        await handler.HandleAsync(http.User.UserId(), token, ct);
        return TypedResults.NoContent();
    }
}
