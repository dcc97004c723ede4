namespace LearningPlatform.Hosting;

/// <summary>
/// The one input rule for text, in every host: no control characters (C0, DEL, C1 — PostgreSQL's text cannot even hold
/// NUL, and the others only ever serve to forge log lines or confuse a display), except line breaks and tabs in a field
/// that allows several lines; and well-formed UTF-16 (a lone surrogate cannot be stored as UTF-8).
/// </summary>
public static class TextInput
{
    public const string ControlMessage = "must not contain control characters.";
    public const string MultilineControlMessage = "must not contain control characters other than line breaks and tabs.";
    public const string EncodingMessage = "must be well-formed Unicode text.";

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
