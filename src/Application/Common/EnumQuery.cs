using LearningPlatform.Domain.Common;

namespace LearningPlatform.Application.Common;

/// <summary>An enum in a query string, spelled as the API spells it (<c>?status=READY</c>, any case).</summary>
public static class EnumQuery
{
    /// <summary>Null for an absent value; 400 <c>validation.failed</c> naming <paramref name="field"/> and the allowed values for an unknown one.</summary>
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToUpperSnake(), value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw AppErrors.Validation(field, $"{field} is one of {string.Join(", ", Enum.GetValues<T>().Select(e => e.ToUpperSnake()))}.");
    }
}
