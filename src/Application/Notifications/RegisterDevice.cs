using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Application.Notifications;

public sealed record RegisterDeviceRequest(string? Token, string? Platform);

public sealed record DeviceDto(Guid Id, string Platform, DateTimeOffset RegisteredAt);

internal sealed class RegisterDeviceRequestValidator : AbstractValidator<RegisterDeviceRequest>
{
    public RegisterDeviceRequestValidator()
    {
        // FCM registration tokens are long runs of [A-Za-z0-9_:-] (about 150-250 characters); anything else would only
        // come back from FCM as INVALID_ARGUMENT and dead-letter this learner's notices.
        RuleFor(r => r.Token).NotEmpty().Length(20, Device.MaxTokenLength)
            .Must(t => t is null || t.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '-' or '.'))
            .WithMessage("A device token is an FCM registration token: letters, digits, '_', ':', '-' and '.'.");
        RuleFor(r => r.Platform).NotEmpty().Must(p => p is not null && (p.Equals("ios", StringComparison.OrdinalIgnoreCase) || p.Equals("android", StringComparison.OrdinalIgnoreCase)))
            .WithMessage("platform is ios or android.");
    }
}

/// <summary>
/// Registers one of the caller's phones (an FCM registration token): the token becomes the caller's (a token moves to
/// the newest learner who registers it) and is enabled again.
/// </summary>
public sealed class RegisterDevice(ILearningDb db, TimeProvider clock, ILogger<RegisterDevice> logger)
{
    public async Task<DeviceDto> HandleAsync(Guid learnerId, RegisterDeviceRequest request, CancellationToken cancellationToken)
    {
        var token = request.Token!;
        var platform = request.Platform!.Equals("ios", StringComparison.OrdinalIgnoreCase)
            ? Domain.Notifications.DevicePlatform.Ios
            : Domain.Notifications.DevicePlatform.Android;
        // The same new token registered twice at once: the other insert wins, and this one takes it over on the retry.
        var (device, previousOwner) = await ConcurrencyRetry.RunAsync(db, async _ =>
        {
            var now = clock.GetUtcNow();
            var device = await db.Devices.SingleOrDefaultAsync(d => d.Token == token, cancellationToken);
            var previousOwner = device?.LearnerId;
            if (device is null)
            {
                device = Device.Register(learnerId, token, platform, now);
                db.Devices.Add(device);
            }
            else
            {
                device.RegisterAgain(learnerId, platform, now);
            }

            await db.SaveChangesAsync(cancellationToken);
            return (device, previousOwner);
        }, cancellationToken);

        if (previousOwner is { } owner && owner != learnerId)
        {
            logger.LogInformation("Device {DeviceId} moved from learner {Previous} to {LearnerId}", device.Id, owner, learnerId);
        }

        return new DeviceDto(device.Id, device.Platform.ToString().ToLowerInvariant(), device.RegisteredAt);
    }
}
