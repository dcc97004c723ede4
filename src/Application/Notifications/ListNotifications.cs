using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Notifications;

public sealed record NotificationDto(Guid Id, string Type, string Title, string Body, string? Deeplink, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The caller's inbox of personal notifications, newest first.</summary>
public sealed class ListNotifications(ILearningDb db)
{
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<NotificationDto>> HandleAsync(Guid learnerId, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw NotificationErrors.InvalidLimit(MaxLimit);
        }

        return await db.Notifications.AsNoTracking().Where(n => n.LearnerId == learnerId)
            .OrderByDescending(n => n.CreatedAt).Take(limit)
            .ProjectToDto()
            .ToListAsync(cancellationToken);
    }
}
