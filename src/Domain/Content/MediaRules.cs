namespace LearningPlatform.Domain.Content;

/// <summary>
/// A lesson's media as the admin API sets it for now: an object key in the media bucket and its content type. Once
/// uploads land (issue 12, item 3), a lesson points at a completed upload instead; the rule for keys stays.
/// </summary>
public static class MediaRules
{
    public const int MaxKeyLength = 512;

    public const string Mp4 = "video/mp4";
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";

    /// <summary>Every content type a lesson's media may have.</summary>
    public static readonly IReadOnlyList<string> ContentTypes = [Mp4, Pdf, Png, Jpeg, Webp];

    /// <summary>The content types a lesson of <paramref name="kind"/> may carry (an article's media is an illustration).</summary>
    public static IReadOnlyList<string> ContentTypesFor(LessonKind kind) => kind switch
    {
        LessonKind.Video => [Mp4],
        LessonKind.Pdf => [Pdf],
        _ => [Png, Jpeg, Webp],
    };

    /// <summary>Null for a usable object key: 1..512 characters of A-Z, a-z, 0-9, '/', '.', '_' and '-'.</summary>
    public static string? KeyProblem(string? key) =>
        key is { Length: > 0 and <= MaxKeyLength } && key.All(IsKeyCharacter)
            ? null
            : $"A media key has 1..{MaxKeyLength} characters of A-Z, a-z, 0-9, '/', '.', '_' and '-'.";

    private static bool IsKeyCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-';
}
