namespace LearningPlatform.Domain.Learners;

/// <summary>
/// What a display name may be, wherever one comes from (the profile, the token's <c>name</c> claim): surrounding
/// spaces dropped, then <see cref="MinLength"/>..<see cref="MaxLength"/> characters (Unicode scalar values, so an emoji
/// counts once) on one line, no control characters (C0, DEL, C1), no line or paragraph separators, no direction
/// overrides or isolates (a name with U+202E reads backwards next to others on a board), and nothing that looks like an
/// e-mail address (no <c>@</c>, also in its full-width and small forms): boards are public, addresses are not.
/// The token server applies the same rule at registration (its own copy: it shares no code with the LearningService
/// but the hosts' common library; a test checks the two agree).
/// </summary>
public static class DisplayNameRule
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    public const string RequiredMessage = "A display name is required.";
    public static readonly string LengthMessage = $"A display name is {MinLength} to {MaxLength} characters long (surrounding spaces are dropped).";
    public const string ControlMessage = "Control characters (such as NUL, tab, newline or escape) are not allowed.";
    public const string SingleLineMessage = "A display name is one line: line and paragraph separators are not allowed.";
    public const string BidiMessage = "Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) are not allowed.";
    public const string EmailMessage = "A display name must not look like an e-mail address: '@' is not allowed.";
    public const string EncodingMessage = "Only well-formed Unicode text is allowed (no lone surrogates).";

    /// <summary>The name as it is stored: without surrounding spaces. Null stays null.</summary>
    public static string? Normalize(string? value) => value?.Trim();

    /// <summary>Why <paramref name="value"/> (as sent, before <see cref="Normalize"/>) is not a display name, or null if it is one.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return RequiredMessage;
        }

        // Characters are checked as sent: trimming would drop a trailing newline or tab that the rule refuses.
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                return ControlMessage;
            }

            if (c is '\u2028' or '\u2029')
            {
                return SingleLineMessage;
            }

            if (c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return BidiMessage;
            }

            if (c is '@' or '\uFF20' or '\uFE6B')
            {
                return EmailMessage;
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

        var length = value.Trim().EnumerateRunes().Count();
        return length is < MinLength or > MaxLength ? LengthMessage : null;
    }

    /// <summary>The normalized name if <paramref name="value"/> is a display name, else null.</summary>
    public static string? Accept(string? value) => Problem(value) is null ? Normalize(value) : null;
}
