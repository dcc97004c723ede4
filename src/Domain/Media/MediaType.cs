namespace LearningPlatform.Domain.Media;

/// <summary>
/// A kind of media the platform accepts: its content type, the short name its size limit is configured by
/// (<c>Media:MaxBytes:{name}</c>), the file extension of its object key, and the magic number its first bytes carry.
/// </summary>
public sealed class MediaType
{
    private readonly Func<ReadOnlyMemory<byte>, bool> _matches;

    private MediaType(string contentType, string name, string extension, int headerLength, Func<ReadOnlyMemory<byte>, bool> matches)
    {
        ContentType = contentType;
        Name = name;
        Extension = extension;
        HeaderLength = headerLength;
        _matches = matches;
    }

    public string ContentType { get; }
    public string Name { get; }
    public string Extension { get; }

    /// <summary>How many leading bytes the magic-number check reads.</summary>
    public int HeaderLength { get; }

    public static readonly MediaType Mp4 = new("video/mp4", "mp4", ".mp4", 12,
        // An ISO base media file starts with a box: a 4-byte size, then the type "ftyp".
        head => head.Length >= 8 && head.Span[4..8].SequenceEqual("ftyp"u8));

    public static readonly MediaType Pdf = new("application/pdf", "pdf", ".pdf", 5, head => head.Span.StartsWith("%PDF-"u8));

    public static readonly MediaType Png = new("image/png", "png", ".png", 8,
        head => head.Span.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]));

    public static readonly MediaType Jpeg = new("image/jpeg", "jpeg", ".jpg", 3, head => head.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]));

    public static readonly MediaType Webp = new("image/webp", "webp", ".webp", 12,
        // RIFF container: "RIFF", a 4-byte size, then the form type "WEBP".
        head => head.Length >= 12 && head.Span.StartsWith("RIFF"u8) && head.Span[8..12].SequenceEqual("WEBP"u8));

    /// <summary>The allow-list: only these content types can be uploaded.</summary>
    public static IReadOnlyList<MediaType> All { get; } = [Mp4, Pdf, Png, Jpeg, Webp];

    /// <summary>The longest header any type's check reads.</summary>
    public static int MaxHeaderLength { get; } = All.Max(t => t.HeaderLength);

    /// <summary>The type of <paramref name="contentType"/> (exact, lower case, no parameters), or null when it is not allowed.</summary>
    public static MediaType? Find(string? contentType) => All.FirstOrDefault(t => t.ContentType == contentType);

    /// <summary>Whether the object's first bytes carry this type's magic number.</summary>
    public bool Matches(ReadOnlyMemory<byte> head) => _matches(head);

    public override string ToString() => ContentType;
}
