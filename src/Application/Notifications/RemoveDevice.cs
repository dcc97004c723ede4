using LearningPlatform.Application.Common;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Notifications;

/// <summary>Stops pushing to one of the caller's tokens (sign-out); someone else's token is reported as missing.</summary>
public sealed class RemoveDevice(ILearningDb db)
{
    public async Task HandleAsync(Guid learnerId, string token, CancellationToken cancellationToken)
    {
        var removed = await db.Devices.Where(d => d.Token == token && d.LearnerId == learnerId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw NotificationErrors.DeviceNotFound();
        }
    }
}
