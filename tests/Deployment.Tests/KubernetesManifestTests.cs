using System.Text.Json.Nodes;
using k8s.Models;

namespace LearningPlatform.Deployment.Tests;

/// <summary>
/// deploy/k8s rendered by kustomize for both overlays and checked offline: against the Kubernetes API's schema (strict
/// read into its types and a round trip), and against what an operator relies on (rollouts without a gap, probes on the
/// health endpoints, non-root read-only pods, disruption budgets, one way in, secrets by reference).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string[] Hosts = ["gateway", "webapi", "identity"];

    public static TheoryData<string> Overlays => new() { "dev", "prod" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public void An_overlay_renders_into_the_Kubernetes_API_types_and_round_trips_without_losing_a_field(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);

        manifests.Objects.Should().NotBeEmpty();
        foreach (var (original, roundTripped, name) in manifests.RoundTrips())
        {
            JsonNode.DeepEquals(original, roundTripped).Should().BeTrue(
                $"{overlay} {name} must survive a round trip through its API type:\n{original.ToJsonString()}\n{roundTripped.ToJsonString()}");
        }
    }

    [Fact]
    public void A_field_the_Kubernetes_schema_does_not_know_is_refused()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: webapi
            spec:
              selector:
                matchLabels: { app: webapi }
              template:
                metadata:
                  labels: { app: webapi }
                spec:
                  containers:
                    - name: webapi
                      image: learning-platform
                      readinessProbe:
                        httpGet: { path: /health/ready, port: 8080 }
                        periodSecond: 5
            """;

        var read = () => k8s.KubernetesYaml.LoadAllFromString(yaml, strict: true);

        read.Should().Throw<YamlDotNet.Core.YamlException>().WithMessage("*periodSecond*");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_host_rolls_out_without_taking_an_instance_away_first(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);

        manifests.OfType<V1Deployment>().Select(d => d.Metadata.Name).Should().BeEquivalentTo(Hosts);
        foreach (var deployment in manifests.OfType<V1Deployment>())
        {
            deployment.Spec.Strategy.Type.Should().Be("RollingUpdate");
            deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.Should().Be("0", deployment.Metadata.Name);
            deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value.Should().NotBe("0");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_host_is_probed_on_its_health_endpoints(string overlay)
    {
        foreach (var deployment in RenderedManifests.Of(overlay).OfType<V1Deployment>())
        {
            var container = deployment.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;
            container.StartupProbe.HttpGet.Path.Should().Be("/health/live", deployment.Metadata.Name);
            container.LivenessProbe.HttpGet.Path.Should().Be("/health/live", deployment.Metadata.Name);
            container.ReadinessProbe.HttpGet.Path.Should().Be("/health/ready", deployment.Metadata.Name);
            container.Ports.Should().ContainSingle(p => p.Name == "http" && p.ContainerPort == 8080);
            container.ReadinessProbe.HttpGet.Port.Value.Should().Be("http");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_pod_runs_as_a_non_root_user_on_a_read_only_root_file_system_with_resources_declared(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);
        var pods = manifests.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(manifests.OfType<V1Job>().Select(j => (j.Metadata.Name, j.Spec.Template.Spec)));

        foreach (var (name, pod) in pods)
        {
            pod.SecurityContext.RunAsNonRoot.Should().BeTrue(name);
            pod.SecurityContext.RunAsUser.Should().BeGreaterThan(0, name);
            pod.SecurityContext.SeccompProfile.Type.Should().Be("RuntimeDefault", name);
            pod.AutomountServiceAccountToken.Should().BeFalse(name);
            foreach (var container in pod.Containers)
            {
                container.SecurityContext.ReadOnlyRootFilesystem.Should().BeTrue(name);
                container.SecurityContext.AllowPrivilegeEscalation.Should().BeFalse(name);
                container.SecurityContext.Capabilities.Drop.Should().Equal(["ALL"], name);
                container.Resources.Requests.Should().ContainKeys("cpu", "memory");
                container.Resources.Limits.Should().ContainKey("memory");
                // The only writable place: an emptyDir at /tmp.
                container.VolumeMounts.Should().Contain(m => m.MountPath == "/tmp");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_host_has_a_service_and_a_disruption_budget_that_select_its_pods(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);
        foreach (var deployment in manifests.OfType<V1Deployment>())
        {
            var podLabels = deployment.Spec.Template.Metadata.Labels;
            var name = deployment.Metadata.Name;
            manifests.Named<V1Service>(name).Spec.Selector.Should().NotBeEmpty().And.BeSubsetOf(podLabels);
            var budget = manifests.Named<V1PodDisruptionBudget>(name);
            budget.Spec.Selector.MatchLabels.Should().NotBeEmpty().And.BeSubsetOf(podLabels);
            budget.Spec.MaxUnavailable.Value.Should().Be("1");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_only_way_in_is_one_ingress_to_the_gateway(string overlay)
    {
        var ingress = RenderedManifests.Of(overlay).OfType<V1Ingress>().Should().ContainSingle().Subject;

        var path = ingress.Spec.Rules.Should().ContainSingle().Subject.Http.Paths.Should().ContainSingle().Subject;
        path.Path.Should().Be("/");
        path.Backend.Service.Name.Should().Be("gateway");
        path.Backend.Service.Port.Name.Should().Be("http");
    }

    [Fact]
    public void Production_scales_every_host_on_CPU_and_leaves_the_replica_counts_to_the_autoscalers()
    {
        var manifests = RenderedManifests.Of("prod");

        foreach (var deployment in manifests.OfType<V1Deployment>())
        {
            deployment.Spec.Replicas.Should().BeNull("an apply must not reset what the autoscaler chose");
            var hpa = manifests.Named<V2HorizontalPodAutoscaler>(deployment.Metadata.Name);
            hpa.Spec.ScaleTargetRef.Kind.Should().Be("Deployment");
            hpa.Spec.ScaleTargetRef.Name.Should().Be(deployment.Metadata.Name);
            hpa.Spec.MinReplicas.Should().BeGreaterThanOrEqualTo(2);
            hpa.Spec.MaxReplicas.Should().BeGreaterThan(hpa.Spec.MinReplicas!.Value);
            hpa.Spec.Metrics.Should().ContainSingle(m => m.Resource.Name == "cpu");
        }

        var ingress = manifests.OfType<V1Ingress>().Single();
        ingress.Spec.Tls.Should().ContainSingle().Which.Hosts.Should().Equal(ingress.Spec.Rules[0].Host);
        manifests.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec.Containers[0].Image)
            .Should().OnlyContain(image => !image.EndsWith(":latest") && image.Contains(':'), "a release names its image");
    }

    [Fact]
    public void Development_runs_one_instance_of_each_host_without_autoscalers()
    {
        var manifests = RenderedManifests.Of("dev");

        manifests.OfType<V1Deployment>().Should().OnlyContain(d => d.Spec.Replicas == 1);
        manifests.OfType<V2HorizontalPodAutoscaler>().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Migrations_run_as_a_job_and_no_instance_migrates_at_start(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);

        var job = manifests.Named<V1Job>("migrations");
        job.Spec.Template.Spec.RestartPolicy.Should().Be("Never");
        var container = job.Spec.Template.Spec.Containers.Should().ContainSingle().Subject;
        container.Args.Should().Equal("migrate");
        container.Env.Select(e => e.Name).Should().Contain(["ConnectionStrings__LearningDb", "ConnectionStrings__AuthDb"]);
        foreach (var name in new[] { "webapi", "identity" })
        {
            Environment(manifests, manifests.Named<V1Deployment>(name))
                .Should().Contain("Database__MigrateOnStartup", "false", name);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Each_host_reads_its_own_secrets_by_reference_and_no_secret_sits_in_a_config_map(string overlay)
    {
        var manifests = RenderedManifests.Of(overlay);
        var expected = new Dictionary<string, string>
        {
            ["webapi"] = "learning-api-secrets", ["identity"] = "learning-auth-secrets", ["gateway"] = "learning-gateway-secrets",
        };

        foreach (var deployment in manifests.OfType<V1Deployment>())
        {
            var secretRefs = deployment.Spec.Template.Spec.Containers[0].EnvFrom.Where(e => e.SecretRef is not null)
                .Select(e => e.SecretRef.Name).ToList();
            // A generated secret carries a hash suffix (dev); a secret made outside the repository does not (prod).
            secretRefs.Should().ContainSingle().Which.Should().StartWith(expected[deployment.Metadata.Name]);
            secretRefs.Concat(deployment.Spec.Template.Spec.Volumes.Where(v => v.Secret is not null).Select(v => v.Secret.SecretName))
                .Where(s => s.StartsWith("learning-", StringComparison.Ordinal))
                .Should().OnlyContain(s => !expected.Where(e => e.Key != deployment.Metadata.Name).Any(e => s.StartsWith(e.Value)),
                    "a host never reads another host's secrets");
        }

        var configKeys = manifests.OfType<V1ConfigMap>().SelectMany(c => c.Data.Keys).ToList();
        configKeys.Should().NotContain(k => k.StartsWith("ConnectionStrings__") || k.EndsWith("Secret") || k.EndsWith("Password")
            || k.EndsWith("ClientSecret") || k.Contains("HashKey") || k.EndsWith("SecretKey") || k == "Redis__Configuration");
    }

    [Fact]
    public void Production_names_the_public_issuer_everywhere_alike_and_reads_the_token_server_inside_the_cluster()
    {
        var manifests = RenderedManifests.Of("prod");
        var gateway = Environment(manifests, manifests.Named<V1Deployment>("gateway"));
        var identity = Environment(manifests, manifests.Named<V1Deployment>("identity"));
        var webapi = Environment(manifests, manifests.Named<V1Deployment>("webapi"));

        identity["AuthServer__Issuer"].Should().StartWith("https://").And.EndWith("/api/auth/");
        gateway["Auth__Authority"].Should().Be(identity["AuthServer__Issuer"]);
        webapi["Auth__Authority"].Should().Be(identity["AuthServer__Issuer"]);
        webapi["Auth__MetadataAddress"].Should().Be("http://identity/api/auth/.well-known/openid-configuration");
        new Uri(identity["AuthServer__Issuer"]).Host.Should().Be(manifests.OfType<V1Ingress>().Single().Spec.Rules[0].Host);
        gateway["ReverseProxy__Clusters__learning__Destinations__learning-1__Address"].Should().Be("http://webapi/");
        gateway["ReverseProxy__Clusters__identity__Destinations__identity-1__Address"].Should().Be("http://identity/");
        identity["AuthServer__Keys__SigningCertificatePath"].Should().StartWith("/secrets/certificates/");
        webapi["Push__Fcm__ServiceAccountFile"].Should().StartWith("/secrets/fcm/");
    }

    /// <summary>The settings a Deployment's container gets from its config maps (secrets are only referenced).</summary>
    private static Dictionary<string, string> Environment(RenderedManifests manifests, V1Deployment deployment)
    {
        var settings = new Dictionary<string, string>();
        foreach (var source in deployment.Spec.Template.Spec.Containers[0].EnvFrom.Where(e => e.ConfigMapRef is not null))
        {
            foreach (var (key, value) in manifests.Named<V1ConfigMap>(source.ConfigMapRef.Name).Data)
            {
                settings[key] = value;
            }
        }

        return settings;
    }
}
