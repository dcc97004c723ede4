using LearningPlatform.Application.Media;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

/// <summary>Media uploads in three steps: declare, upload straight to the object store, complete.</summary>
public static class MediaUploadEndpoints
{
    public static RouteGroupBuilder MapMediaUploadEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/media/uploads", RequestMediaUpload)
            .WithName("RequestMediaUpload")
            .WithSummary("Start a media upload")
            .WithDescription("Body {contentType, size, fileName?}: contentType one of video/mp4, application/pdf, image/png, image/jpeg, " +
                "image/webp; size the file's exact length in bytes, within the type's limit (Media:MaxBytes; 400 validation.failed " +
                "naming contentType or size otherwise). 201 with {id, key, uploadUrl, method: PUT, headers, expiresAt}: send the " +
                "file's bytes with exactly these headers to uploadUrl before expiresAt (straight to the object store, not through " +
                "this API), then POST /media/uploads/{id}/complete.")
            .WithValidation();

        admin.MapPost("/media/uploads/{uploadId:guid}/complete", CompleteMediaUpload)
            .WithName("CompleteMediaUpload")
            .WithSummary("Complete a media upload")
            .WithDescription("Checks the uploaded object: it exists (else 409 media.not_uploaded, the upload stays PENDING), has " +
                "exactly the declared size (422 media.too_large, media.size_mismatch) and content type (422 media.type_mismatch), " +
                "and starts with the type's magic number (422 media.content_mismatch). A 422 deletes the object and leaves the " +
                "upload FAILED. On success the upload is COMPLETED and its object is at mediaKey; completing it again answers the " +
                "same. 409 media.not_pending for a FAILED or EXPIRED upload.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        admin.MapGet("/media/uploads/{uploadId:guid}", GetMediaUpload)
            .WithName("GetMediaUpload")
            .WithSummary("Get a media upload")
            .WithDescription("The upload's status (PENDING, COMPLETED, FAILED with failureCode, EXPIRED), what was declared, " +
                "where it was uploaded (key) and, once COMPLETED, where its object lives (mediaKey).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return admin;
    }

    public static async Task<Created<MediaUploadTicket>> RequestMediaUpload(
        MediaUploadRequest request, HttpContext http, RequestMediaUpload handler, CancellationToken ct)
    {
        var ticket = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/media/uploads/{ticket.Id}", ticket);
    }

    public static async Task<Ok<MediaUploadDto>> CompleteMediaUpload(Guid uploadId, HttpContext http, CompleteMediaUpload handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(uploadId, http.User.UserId(), ct));

    public static async Task<Ok<MediaUploadDto>> GetMediaUpload(Guid uploadId, GetMediaUpload handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(uploadId, ct));
}
