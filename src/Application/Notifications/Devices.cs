using FluentValidation;
using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Common;
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
        RuleFor(r => r.Token).NotEmpty().Length(20, Domain.Notifications.Device.MaxTokenLength)
            .Must(t => t is null || t.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '-' or '.'))
            .WithMessage("A device token is an FCM registration token: letters, digits, '_', ':', '-' and '.'.");
        RuleFor(r => r.Platform).NotEmpty().Must(p => p is not null && (p.Equals("ios", StringComparison.OrdinalIgnoreCase) || p.Equals("android", StringComparison.OrdinalIgnoreCase)))
            .WithMessage("platform is ios or android.");
    }
}

/// <summary>
/// A learner's phones (FCM registration tokens). Registering a token makes it the caller's (a token moves to the
/// newest learner who registers it) and enables it again; removing someone else's token is reported as missing.
/// </summary>
public sealed class Devices(ILearningDb db, TimeProvider clock, ILogger<Devices> logger)
{
    public async Task<DeviceDto> RegisterAsync(Guid learnerId, RegisterDeviceRequest request, CancellationToken cancellationToken)
    {
        var token = request.Token!;
        var platform = request.Platform!.Equals("ios", StringComparison.OrdinalIgnoreCase)
            ? Domain.Notifications.DevicePlatform.Ios
            : Domain.Notifications.DevicePlatform.Android;
        for (var attempt = 1; ; attempt++)
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

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same new token registered twice at once: the other insert won; take it over on the next round.
                db.Reset();
                continue;
            }

            if (previousOwner is { } owner && owner != learnerId)
            {
                logger.LogInformation("Device {DeviceId} moved from learner {Previous} to {LearnerId}", device.Id, owner, learnerId);
            }

            return new DeviceDto(device.Id, device.Platform.ToString().ToLowerInvariant(), device.RegisteredAt);
        }
    }

    public async Task RemoveAsync(Guid learnerId, string token, CancellationToken cancellationToken)
    {
        var removed = await db.Devices.Where(d => d.Token == token && d.LearnerId == learnerId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw new DomainException("device.not_found", "You have no device with this token.", DomainErrorKind.NotFound);
        }
    }
}

public sealed record NotificationDto(Guid Id, string Type, string Title, string Body, string? Deeplink, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>A learner's inbox of personal notifications, newest first.</summary>
public sealed class Inbox(ILearningDb db, TimeProvider clock)
{
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<NotificationDto>> ListAsync(Guid learnerId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new DomainException("notification.invalid_limit", $"limit is 1..{MaxLimit}.", DomainErrorKind.Invalid);
        }

        return await db.Notifications.AsNoTracking().Where(n => n.LearnerId == learnerId)
            .OrderByDescending(n => n.CreatedAt).Take(limit)
            .Select(n => new NotificationDto(n.Id, n.Type, n.Title, n.Body, n.Deeplink, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<NotificationDto> MarkReadAsync(Guid learnerId, Guid notificationId, CancellationToken cancellationToken)
    {
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == notificationId && x.LearnerId == learnerId, cancellationToken)
            ?? throw new DomainException("notification.not_found", "The notification does not exist.", DomainErrorKind.NotFound);
        n.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return new NotificationDto(n.Id, n.Type, n.Title, n.Body, n.Deeplink, n.CreatedAt, n.ReadAt);
    }
}
