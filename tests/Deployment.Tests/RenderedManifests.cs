using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace LearningPlatform.Deployment.Tests;

/// <summary>
/// One overlay of <c>deploy/k8s</c> rendered by <c>kubectl kustomize</c> (offline: kustomize is built into kubectl), each
/// document read strictly into the Kubernetes API's own types (KubernetesClient, generated from the API's OpenAPI
/// schema: an unknown field or a value of the wrong type throws), then written back and compared with what was read,
/// so nothing in the file is silently dropped on the way.
/// </summary>
public sealed class RenderedManifests
{
    private RenderedManifests(string overlay, string yaml, IReadOnlyList<object> objects)
    {
        Overlay = overlay;
        Yaml = yaml;
        Objects = objects;
    }

    public string Overlay { get; }
    public string Yaml { get; }
    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        OfType<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"{Overlay}: no {typeof(T).Name} named {name}.");

    private static readonly Dictionary<string, RenderedManifests> Rendered = [];

    public static RenderedManifests Of(string overlay)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(overlay, out var manifests))
            {
                var yaml = Kustomize(Path.Combine(RepositoryRoot(), "deploy", "k8s", "overlays", overlay));
                Rendered[overlay] = manifests = new RenderedManifests(overlay, yaml, KubernetesYaml.LoadAllFromString(yaml, strict: true));
            }

            return manifests;
        }
    }

    /// <summary>Each rendered document as plain JSON next to the same document read into its API type and written back.</summary>
    public IEnumerable<(JsonNode Original, JsonNode RoundTripped, string Name)> RoundTrips()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Yaml));
        stream.Documents.Count.Should().Be(Objects.Count);
        for (var i = 0; i < Objects.Count; i++)
        {
            var original = ToJson(stream.Documents[i].RootNode)!;
            if ((string?)original["kind"] == "Secret" && original["data"] is JsonObject data)
            {
                // kustomize wraps long base64 values; the API type holds the bytes and writes them unwrapped.
                foreach (var key in data.Select(p => p.Key).ToList())
                {
                    data[key] = ((string)data[key]!).Replace("\n", "", StringComparison.Ordinal);
                }
            }

            var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(Objects[i]))!;
            yield return (Normalize(original)!, Normalize(roundTripped)!, $"{original["kind"]}/{original["metadata"]?["name"]}");
        }
    }

    /// <summary>The kubectl to run: <c>LP_KUBECTL</c>, else the one on PATH.</summary>
    private static string Kubectl => Environment.GetEnvironmentVariable("LP_KUBECTL") is { Length: > 0 } k ? k : "kubectl";

    private static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish in 60 s.");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.Result}");
    }

    internal static string RepositoryRoot() => LearningPlatform.TestSupport.TestEnvironment.RepositoryRoot();

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: "null" or "~" or "" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    /// <summary>
    /// Scalars as text (YAML's 8080 and the API type's 8080 are the same value; the types were checked by the strict
    /// read), empty objects and nulls dropped (a type writes no empty <c>securityContext: {}</c> back), keys sorted.
    /// </summary>
    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var normalized = Normalize(value);
                    if (normalized is not null && normalized is not JsonObject { Count: 0 })
                    {
                        result[key] = normalized;
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray(array.Select(Normalize).ToArray());
            case JsonValue value:
                return JsonValue.Create(value.ToString() switch
                {
                    "True" => "true",
                    "False" => "false",
                    var text => text,
                });
            default:
                return null;
        }
    }
}
