using LearningPlatform.Hosting;
using System.Globalization;
using System.Text;

namespace LearningPlatform.Identity.Validation;

/// <summary>
/// What a learner's e-mail address may look like: <c>local@domain</c> in a conservative subset of RFC 5321/5322,
/// with letters of any script (internationalised addresses, RFC 6531; IDN domains in their Unicode form). Refused:
/// control characters, invisible format characters (bidi overrides such as U+202E, zero-width spaces and joiners),
/// spaces, markup and quoting characters (<c>&lt; &gt; " ' ` \ &amp;</c> and the RFC 5322 specials
/// <c>( ) [ ] , ; :</c>), quoted local parts, IP-literal and dotless domains. The address is shown in admin screens,
/// e-mails and logs; none of these characters belongs in one that a person types.
/// </summary>
internal static class EmailAddressRule
{
    /// <summary>RFC 5321's 256-octet path less its angle brackets (RFC 3696 errata 1690).</summary>
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;
    public const int MaxLabelLength = 63;

    public const string Required = "An e-mail address is required.";
    public const string Malformed = "A valid e-mail address is required (name@example.com).";
    public const string FormatCharacters = "Invisible formatting characters (direction overrides, zero-width characters) are not allowed.";
    public const string MarkupCharacters = "Spaces and the characters < > \" ' ` \\ & ( ) [ ] , ; : are not allowed.";
    public static readonly string TooLong = $"At most {MaxLength} characters.";

    // The RFC 5322 specials (legal only inside quotes, which are not accepted) and markup.
    private const string Forbidden = "<>\"'`\\&()[],;:";

    // RFC 5322 atext besides letters and digits, less the apostrophe and ampersand refused above.
    private const string LocalPartSymbols = "!#$%*+-/=?^_{|}~";

    /// <summary>Spaces around the address (a phone keyboard's autocompletion adds one) are dropped; nothing else is changed.</summary>
    public static string Normalize(string? value) => (value ?? string.Empty).Trim(' ');

    /// <returns>Why the address is refused, or null when it is acceptable.</returns>
    public static string? Check(string? value)
    {
        var email = Normalize(value);
        if (email.Length == 0)
        {
            return Required;
        }

        // Character classes first, so that the answer names what is wrong even in an address that is also too long.
        foreach (var rune in email.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control:
                    return TextInput.ControlMessage;
                case UnicodeCategory.Format:
                    return FormatCharacters;
            }

            if (Rune.IsWhiteSpace(rune) || (rune.IsAscii && Forbidden.Contains((char)rune.Value)))
            {
                return MarkupCharacters;
            }
        }

        if (email.Length > MaxLength)
        {
            return TooLong;
        }

        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@'))
        {
            return Malformed;
        }

        return IsLocalPart(email.AsSpan(0, at)) && IsDomain(email.AsSpan(at + 1)) ? null : Malformed;
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (local.Length > MaxLocalPartLength || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var rune in local.EnumerateRunes())
        {
            if (!IsWordRune(rune) && !(rune.IsAscii && (rune.Value == '.' || LocalPartSymbols.Contains((char)rune.Value))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        var labels = 0;
        var lastLabelAllDigits = false;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            var allDigits = true;
            foreach (var rune in label.EnumerateRunes())
            {
                if (!IsWordRune(rune) && rune.Value != '-')
                {
                    return false;
                }

                allDigits &= Rune.IsDigit(rune);
            }

            labels++;
            lastLabelAllDigits = allDigits;
        }

        // At least a name and a top-level domain, and not an IPv4 address written as a domain.
        return labels >= 2 && !lastLabelAllDigits;
    }

    /// <summary>A letter of any script, a combining mark (needed by several scripts), or a decimal digit.</summary>
    private static bool IsWordRune(Rune rune) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
