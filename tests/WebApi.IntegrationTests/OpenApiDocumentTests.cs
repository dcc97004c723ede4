using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>The OpenAPI document is what clients are generated from: it lints clean and says what the API does.</summary>
public class OpenApiDocumentTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    [Fact]
    public async Task The_document_passes_spectral_oas_with_no_warnings()
    {
        var document = await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        var path = Path.Combine(Path.GetTempPath(), $"lp-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, document);
        try
        {
            var root = TestEnvironment.RepositoryRoot();
            var lint = new ProcessStartInfo(TestEnvironment.Spectral)
            {
                ArgumentList = { "lint", path, "--ruleset", Path.Combine(root, ".spectral.yaml"), "--format", "json", "--quiet" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = root,
            };
            using var process = Process.Start(lint)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);

            var findings = JsonDocument.Parse(await output is { Length: > 0 } json ? json : "[]").RootElement.EnumerateArray()
                .Select(f => $"{f.GetProperty("code").GetString()} at {string.Join('.', f.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {f.GetProperty("message").GetString()}")
                .ToList();
            findings.Should().BeEmpty("spectral found:\n" + string.Join("\n", findings) + await errors);
            process.ExitCode.Should().Be(0, await errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static bool Documents(JsonElement operation, string status) => operation.GetProperty("responses").TryGetProperty(status, out _);

    [Fact]
    public async Task Every_operation_documents_500_and_503_and_Authorize_signs_in_with_the_code_flow_at_the_token_server()
    {
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).ToList();
        operations.Should().HaveCountGreaterThan(20);
        operations.Where(o => !Documents(o.Value, "500") || !Documents(o.Value, "503")).Select(o => o.Name).Should().BeEmpty();
        var flows = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("OAuth2").GetProperty("flows");
        flows.EnumerateObject().Select(f => f.Name).Should().Equal(["authorizationCode"], "the admin client has no password grant");
        var code = flows.GetProperty("authorizationCode");
        var issuer = new Uri(api.Identity.Issuer);
        code.GetProperty("authorizationUrl").GetString().Should().Be(new Uri(issuer, "connect/authorize").ToString());
        code.GetProperty("tokenUrl").GetString().Should().Be(new Uri(issuer, "connect/token").ToString());
        code.GetProperty("refreshUrl").GetString().Should().Be(new Uri(issuer, "connect/token").ToString());
        code.GetProperty("scopes").EnumerateObject().Select(s => s.Name).Should().Equal("learning.admin");
    }

    [Fact]
    public async Task The_JSON_question_import_format_is_published_as_a_schema()
    {
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var body = document.GetProperty("paths").GetProperty("/api/learning/admin/questions/import").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        body.GetProperty("$ref").GetString().Should().Be("#/components/schemas/QuestionImportDocument");
        var item = schemas.GetProperty("QuestionImportItem");
        item.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        item.GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Contain(["title", "category", "stem", "choices", "points", "explanation", "tags"]);
        schemas.GetProperty("QuestionImportChoice").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Contain(["text", "correct", "feedback"]);
        document.GetProperty("paths").GetProperty("/api/learning/admin/questions/import/gift").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").TryGetProperty("text/plain", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Request_bodies_refuse_unknown_fields_and_numbers_in_strings_as_the_document_says()
    {
        var document = JsonDocument.Parse(await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("SubmitResponseRequest");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        schema.GetProperty("properties").GetProperty("elapsedMs").GetProperty("type").GetString().Should().Be("integer");
        document.GetProperty("components").GetProperty("schemas").GetProperty("BoardVisibility").GetProperty("enum").EnumerateArray()
            .Select(e => e.GetString()).Should().Contain(["COUNT_ONLY", "PROVISIONAL", "FINAL"], "states are documented as the API spells them");

        var exam = await api.AddExamAsync(questions: 1);
        var learner = await api.NewLearnerAsync();
        var attempt = await learner.Client.StartOkAsync(exam.Id);
        var question = attempt.Questions[0];
        var choice = question.Choices[0].Id;

        await (await learner.Client.AnswerRawAsync(attempt.AttemptId, attempt.AttemptToken,
                $$"""{"questionId":"{{question.Id}}","choiceId":"{{choice}}","elapsedMs":"100"}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        await (await learner.Client.AnswerRawAsync(attempt.AttemptId, attempt.AttemptToken,
                $$"""{"questionId":"{{question.Id}}","choiceId":"{{choice}}","elapsedMs":100,"score":10}"""))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "request.malformed");
        (await api.Database.CountAsync($"SELECT count(*) FROM responses WHERE attempt_id = '{attempt.AttemptId}'")).Should().Be(0, "a refused body changes nothing");

        (await learner.Client.AnswerRawAsync(attempt.AttemptId, attempt.AttemptToken,
                $$"""{"questionId":"{{question.Id}}","choiceId":"{{choice}}","elapsedMs":100}""")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
