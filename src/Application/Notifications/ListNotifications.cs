using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Notifications;

public sealed record NotificationDto(Guid Id, string Type, string Title, string Body, string? Deeplink, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The caller's inbox of personal notifications, newest first.</summary>
public sealed class ListNotifications(ILearningDb db)
{
    public async Task<IReadOnlyList<NotificationDto>> HandleAsync(Guid learnerId, long offset, int limit, CancellationToken cancellationToken) =>
        await db.Notifications.AsNoTracking().Where(n => n.LearnerId == learnerId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip((int)offset).Take(limit)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
}
