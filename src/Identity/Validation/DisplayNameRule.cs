using LearningPlatform.Hosting;

namespace LearningPlatform.Identity.Validation;

/// <summary>
/// What a learner's display name may be (the token's <c>name</c>, shown on public leaderboards): surrounding spaces
/// dropped, then <see cref="MinLength"/>..<see cref="MaxLength"/> characters (Unicode scalar values) on one line, no
/// control characters, line or paragraph separators or direction overrides/isolates, and nothing that looks like an
/// e-mail address (no <c>@</c>, also full-width or small). The LearningService applies the same rule to the profile and
/// to the names tokens bring (<c>LearningPlatform.Domain.Learners.DisplayNameRule</c>; the token server shares only the
/// hosts' common library with it, so this is a copy, and a test checks that the two agree).
/// </summary>
internal static class DisplayNameRule
{
    public const int MinLength = 2;
    public const int MaxLength = 40;

    public const string Required = "A display name is required.";
    public static readonly string Length = $"A display name is {MinLength} to {MaxLength} characters long (surrounding spaces are dropped).";
    public const string SingleLine = "A display name is one line: line and paragraph separators are not allowed.";
    public const string Bidi = "Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) are not allowed.";
    public const string Email = "A display name must not look like an e-mail address: '@' is not allowed.";

    public static string? Normalize(string? value) => value?.Trim();

    /// <returns>Why the name is refused, or null when it is acceptable.</returns>
    public static string? Check(string? value)
    {
        if (value is null)
        {
            return Required;
        }

        // Characters are checked as sent: trimming would drop a trailing newline or tab that the rule refuses.
        var name = value;
        if (TextInput.Problem(name) is { } text)
        {
            return text;
        }

        if (name.Contains('\u2028') || name.Contains('\u2029'))
        {
            return SingleLine;
        }

        if (TextInput.HasBidiControl(name))
        {
            return Bidi;
        }

        if (name.AsSpan().IndexOfAny('@', '\uFF20', '\uFE6B') >= 0)
        {
            return Email;
        }

        var length = name.Trim().EnumerateRunes().Count();
        return length is < MinLength or > MaxLength ? Length : null;
    }
}
