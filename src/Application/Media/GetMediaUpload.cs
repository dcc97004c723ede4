using LearningPlatform.Application.Common;
using LearningPlatform.Domain.Media;
using Microsoft.EntityFrameworkCore;

namespace LearningPlatform.Application.Media;

public sealed class GetMediaUpload(ILearningDb db)
{
    public async Task<MediaUploadDto> HandleAsync(Guid uploadId, CancellationToken cancellationToken) =>
        MediaUploadDto.Of(await db.MediaUploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == uploadId, cancellationToken)
            ?? throw MediaErrors.NotFound());
}
