using System.Text.Json;
using System.Text.Json.Serialization;

namespace LearningPlatform.WebApi.Infrastructure;

/// <summary>How the API reads and writes JSON, in one place (the endpoints and the OpenAPI document use the same).</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        // Request bodies are exactly what the OpenAPI document says: an unknown field or a number sent as a string is a
        // 400 (request.malformed) rather than silently ignored or converted.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        // Enums are written as their names in upper snake case (InProgress → IN_PROGRESS), and only names are read.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false));
    }
}
