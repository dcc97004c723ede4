using System.Text.Json.Nodes;
using LearningPlatform.TestSupport;

namespace LearningPlatform.WebApi.IntegrationTests;

/// <summary>
/// The admin app's typed client is generated from web/admin/openapi/learning.json (scripts/gen-admin-client.sh): that
/// file must be the document the WebApi serves, or the app is built against an API that is not there.
/// </summary>
public class AdminClientDocumentTests(LearningApiFactory api) : IClassFixture<LearningApiFactory>
{
    /// <summary>The issuer in the checked-in copy: scripts/run.sh's public one (the test host's token server differs).</summary>
    private const string CanonicalIssuer = "http://127.0.0.1:5000/api/auth/";

    [Fact]
    public async Task The_admin_apps_checked_in_OpenAPI_document_is_the_one_the_WebApi_serves()
    {
        var served = await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        var live = JsonNode.Parse(served.Replace(api.Identity.Issuer, CanonicalIssuer, StringComparison.Ordinal))!;
        var path = Path.Combine(TestEnvironment.RepositoryRoot(), "web", "admin", "openapi", "learning.json");
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path))!;

        var differences = Differences(checkedIn, live, "$").Take(10).ToList();
        differences.Should().BeEmpty(
            "web/admin/openapi/learning.json must be what the WebApi serves: run scripts/gen-admin-client.sh and commit it " +
            "with web/admin/src/api/schema.d.ts. First differences:\n" + string.Join("\n", differences));
    }

    private static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string at)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name))
                    {
                        yield return $"{at}.{name}: in the file, not served";
                        continue;
                    }

                    foreach (var d in Differences(value, a[name], $"{at}.{name}"))
                    {
                        yield return d;
                    }
                }

                foreach (var (name, _) in a.Where(p => !e.ContainsKey(p.Key)))
                {
                    yield return $"{at}.{name}: served, not in the file";
                }

                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    foreach (var d in Differences(e[i], a[i], $"{at}[{i}]"))
                    {
                        yield return d;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    yield return $"{at}: file {Short(expected)}, served {Short(actual)}";
                }

                break;
        }
    }

    private static string Short(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
