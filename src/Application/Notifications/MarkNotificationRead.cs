using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Notifications;

/// <summary>Marks one of the caller's notifications read (idempotent); someone else's is reported as missing.</summary>
public sealed class MarkNotificationRead(ILearningDb db, TimeProvider clock)
{
    public async Task<NotificationDto> HandleAsync(Guid learnerId, Guid notificationId, CancellationToken cancellationToken)
    {
        var n = await db.Notifications.SingleOrDefaultAsync(x => x.Id == notificationId && x.LearnerId == learnerId, cancellationToken)
            ?? throw NotificationErrors.NotificationNotFound();
        n.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return n.ToDto();
    }
}
