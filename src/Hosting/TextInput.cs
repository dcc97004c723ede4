namespace LearningPlatform.Hosting;

/// <summary>
/// The one input rule for text, in every host: no control characters (C0, DEL, C1 — PostgreSQL's text cannot even hold
/// NUL, and the others only ever serve to forge log lines or confuse a display), except line breaks and tabs in a field
/// that allows several lines; and well-formed UTF-16 (a lone surrogate cannot be stored as UTF-8).
/// </summary>
public static class TextInput
{
    public const string ControlMessage = "Control characters (such as NUL, tab, newline or escape) are not allowed.";
    public const string MultilineControlMessage = "Control characters other than line breaks and tabs are not allowed.";
    public const string EncodingMessage = "Only well-formed Unicode text is allowed (no lone surrogates).";

    /// <summary>C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): what <see cref="char.IsControl(char)"/> calls a control.</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\u0000', '\u001F') || value.ContainsAnyInRange('\u007F', '\u009F');

    /// <summary>
    /// Characters that change the direction of the text around them (embeddings, overrides, isolates): a name with
    /// U+202E reads backwards wherever it is shown next to other text.
    /// </summary>
    public static bool HasBidiControl(ReadOnlySpan<char> value) =>
        value.ContainsAnyInRange('\u202A', '\u202E') || value.ContainsAnyInRange('\u2066', '\u2069');

    /// <summary>The error message for <paramref name="value"/>, or null if it is acceptable.</summary>
    public static string? Problem(string? value, bool multiline = false)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return multiline ? MultilineControlMessage : ControlMessage;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return EncodingMessage;
            }
        }

        return null;
    }
}
