using System.Net.Http.Headers;
using System.Text.Json;
using LearningPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LearningPlatform.Identity.IntegrationTests;

/// <summary>The real token server, with what it logs (at the levels its appsettings let through) kept for assertions.</summary>
public class LoggingIdentityHostFactory : IdentityHostFactory
{
    public LoggingIdentityHostFactory()
    {
    }

    protected LoggingIdentityHostFactory(bool kestrel) : base(kestrel)
    {
    }

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>The same on a real loopback port (Kestrel's limits apply: the in-memory server has no request body limit).</summary>
public sealed class KestrelLoggingIdentityHostFactory() : LoggingIdentityHostFactory(kestrel: true);

internal static class Http
{
    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static string? MediaType(this HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    public static string? RetryAfter(this HttpResponseMessage response) =>
        response.Headers.RetryAfter is RetryConditionHeaderValue value ? value.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>A ProblemDetails answer: the status, <c>application/problem+json</c>, a <c>code</c> and a <c>traceId</c>.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, body);
        response.MediaType().Should().Be("application/problem+json", body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        json.GetProperty("code").GetString().Should().Be(code, body);
        json.GetProperty("status").GetInt32().Should().Be(status);
        json.GetProperty("traceId").GetString().Should().NotBeNullOrEmpty();
        return json;
    }

    /// <summary>An OAuth error answer (RFC 6749 section 5.2): JSON with <c>error</c> and <c>error_description</c>, and a <c>code</c>.</summary>
    public static async Task<JsonElement> ShouldBeOAuthErrorAsync(this HttpResponseMessage response, int status, string error, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, body);
        response.MediaType().Should().Be("application/json", body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        json.GetProperty("error").GetString().Should().Be(error, body);
        json.GetProperty("error_description").GetString().Should().NotBeNullOrEmpty();
        json.GetProperty("code").GetString().Should().Be(code, body);
        json.TryGetProperty("type", out _).Should().BeFalse("an OAuth endpoint does not answer with ProblemDetails");
        return json;
    }
}
