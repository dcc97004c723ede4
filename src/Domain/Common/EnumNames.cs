using System.Text;

namespace LearningPlatform.Domain.Common;

public static class EnumNames
{
    /// <summary>
    /// The API's spelling of a state, for messages (<c>InProgress</c> → <c>IN_PROGRESS</c>): the same as the JSON
    /// converter's upper snake case, so a message names a state exactly as the response bodies do.
    /// </summary>
    public static string ToUpperSnake(this Enum value)
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
