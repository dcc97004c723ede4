namespace LearningPlatform.Identity.Validation;

/// <summary>
/// The one input rule for text this host accepts (register fields and every OAuth parameter): no control characters.
/// PostgreSQL text cannot hold NUL at all (a lookup with one fails inside the driver), and the other controls (ESC,
/// backspace, the C1 range) are never typed by a person but do rewrite terminals and logs that show the value.
/// </summary>
internal static class TextRules
{
    public const string ControlCharacterMessage = "Control characters (such as NUL, tab, newline or escape) are not allowed.";

    /// <summary>C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): what <see cref="char.IsControl(char)"/> calls a control.</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\u0000', '\u001F') || value.ContainsAnyInRange('\u007F', '\u009F');

    /// <summary>
    /// Characters that change the direction of the text around them (embeddings, overrides, isolates): a name with
    /// U+202E reads backwards wherever it is shown next to other text.
    /// </summary>
    public static bool HasBidiControl(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\u202A', '\u202E') || value.ContainsAnyInRange('\u2066', '\u2069');
}
