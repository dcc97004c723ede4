using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LearningPlatform.WebApi.Infrastructure;

/// <summary>
/// ETags for what phones poll (the catalog). The tag is derived from the body itself — the first 128 bits of the
/// SHA-256 of its JSON — so it changes exactly when the body changes: an admin's change to what this learner sees, or
/// the learner's own progress shown in it; never otherwise, and never stays the same across a change. If-None-Match
/// (weak comparison, or <c>*</c>) answers 304 with the tag and no body. The body holds the caller's own progress, so
/// it is <c>Cache-Control: private, no-cache</c>: no shared cache keeps it, and a phone revalidates every time.
/// </summary>
public static class EntityTags
{
    public static Results<Ok<T>, StatusCodeHttpResult> OkOrNotModified<T>(HttpContext http, T body, string? ifNoneMatch)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, json));
        var etag = $"\"{Base64Url.EncodeToString(hash.AsSpan(0, 16))}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        return Matches(ifNoneMatch, etag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(body);
    }

    private static bool Matches(string? ifNoneMatch, string etag) =>
        !string.IsNullOrWhiteSpace(ifNoneMatch)
        && EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(etag, StringComparison.Ordinal));
}
