using LearningPlatform.Domain.Media;
using Microsoft.Extensions.Options;

namespace LearningPlatform.Application.Media;

/// <summary><c>Media</c>: admin uploads straight to the object store, and the URLs media is read by.</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";
    public static readonly TimeSpan MaxUrlLifetime = TimeSpan.FromDays(7);

    /// <summary>How long an upload URL works.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a presigned GET URL of completed media works (lessons hand these to phones).</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after its URL expired a never-completed upload is left before the cleanup expires it.</summary>
    public TimeSpan CleanupGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the cleanup runs (0 = off in this instance).</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest declared size per type, by the type's short name (<c>mp4</c>, <c>pdf</c>, <c>png</c>, <c>jpeg</c>, <c>webp</c>).</summary>
    public Dictionary<string, long> MaxBytes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [MediaType.Mp4.Name] = 2L * 1024 * 1024 * 1024,
        [MediaType.Pdf.Name] = 100L * 1024 * 1024,
        [MediaType.Png.Name] = 10L * 1024 * 1024,
        [MediaType.Jpeg.Name] = 10L * 1024 * 1024,
        [MediaType.Webp.Name] = 10L * 1024 * 1024,
    };

    public long MaxBytesOf(MediaType type) => MaxBytes[type.Name];

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        UploadUrlLifetime <= TimeSpan.Zero || UploadUrlLifetime > MaxUrlLifetime || DownloadUrlLifetime <= TimeSpan.Zero || DownloadUrlLifetime > MaxUrlLifetime
            ? $"{Section}:UploadUrlLifetime and DownloadUrlLifetime must be positive and at most 7 days (a presigned URL's limit)."
        : CleanupGrace < TimeSpan.Zero || CleanupInterval < TimeSpan.Zero
            ? $"{Section}:CleanupGrace and CleanupInterval must not be negative (an interval of 0 turns the cleanup off)."
        : MaxBytes.Keys.FirstOrDefault(k => MediaType.All.All(t => !string.Equals(t.Name, k, StringComparison.OrdinalIgnoreCase))) is { } unknown
            ? $"{Section}:MaxBytes:{unknown} names no media type; the types are {string.Join(", ", MediaType.All.Select(t => t.Name))}."
        : MediaType.All.FirstOrDefault(t => !MaxBytes.TryGetValue(t.Name, out var max) || max <= 0) is { } type
            ? $"{Section}:MaxBytes:{type.Name} must be positive."
        : null;
}

/// <summary>Stops the host at start with a message naming the bad <c>Media:*</c> key.</summary>
internal sealed class MediaOptionsValidation : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
