using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Notifications;

public static class NotificationErrors
{
    public static DomainException DeviceNotFound() =>
        new("device.not_found", "You have no device with this token.", DomainErrorKind.NotFound);

    public static DomainException NotificationNotFound() =>
        new("notification.not_found", "The notification does not exist.", DomainErrorKind.NotFound);
}
