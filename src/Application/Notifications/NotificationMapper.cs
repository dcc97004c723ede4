using LearningPlatform.Domain.Notifications;
using Riok.Mapperly.Abstractions;

namespace LearningPlatform.Application.Notifications;

/// <summary>The one place a <see cref="NotificationDto"/> is built: from an entity, or as a query projection.</summary>
[Mapper(RequiredMappingStrategy = RequiredMappingStrategy.Target)]
public static partial class NotificationMapper
{
    public static partial NotificationDto ToDto(this Notification notification);

    public static partial IQueryable<NotificationDto> ProjectToDto(this IQueryable<Notification> notifications);
}
