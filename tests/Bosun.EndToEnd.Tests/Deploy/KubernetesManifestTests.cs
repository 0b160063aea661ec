using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;
using YamlDotNet.Serialization;

namespace Bosun.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/kubernetes rendered by <c>kubectl kustomize</c>, as a cluster would get it: the objects each overlay must have,
/// probes on paths a running Bosun answers without a token, the environment and flags Bosun reads, and Secret keys
/// that match what the pod mounts. No cluster is needed (none can run here).
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));

    [Fact]
    public async Task SingleOverlay_OneReplicaOnSqlite_OnAClaimedVolume_RecreatedNotRolled()
    {
        var objects = await RenderAsync("single");
        var deployment = One(objects, "Deployment");
        Assert.Equal("1", deployment["spec"]!["replicas"]!.GetValue<string>());
        Assert.Equal("Recreate", deployment["spec"]!["strategy"]!["type"]!.GetValue<string>());
        var data = Volume(deployment, "data");
        var claim = data["persistentVolumeClaim"]!["claimName"]!.GetValue<string>();
        Assert.Null(data["emptyDir"]);
        Assert.Contains(objects, o => Kind(o) == "PersistentVolumeClaim" && Name(o) == claim);
        Assert.DoesNotContain(Env(deployment), e => e["name"]!.GetValue<string>() == "BOSUN_POSTGRES");
        Assert.Equal("/var/lib/bosun", Mount(deployment, "data"));
        Assert.Equal("/var/lib/bosun", Arg(deployment, "--data"));
        AssertCommon(objects);
    }

    [Fact]
    public async Task HaOverlay_ReplicasOnPostgres_FromASecret_WithADisruptionBudgetAndAntiAffinity()
    {
        var objects = await RenderAsync("ha");
        var deployment = One(objects, "Deployment");
        Assert.True(int.Parse(deployment["spec"]!["replicas"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("0", deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<string>());
        var postgres = Assert.Single(Env(deployment), e => e["name"]!.GetValue<string>() == "BOSUN_POSTGRES");
        var reference = postgres["valueFrom"]!["secretKeyRef"]!;
        AssertSecretHasKey(objects, reference["name"]!.GetValue<string>(), reference["key"]!.GetValue<string>());
        var pdb = One(objects, "PodDisruptionBudget");
        Assert.Equal("1", pdb["spec"]!["minAvailable"]!.GetValue<string>());
        AssertSelects(pdb["spec"]!["selector"]!["matchLabels"]!, deployment);
        var antiAffinity = deployment["spec"]!["template"]!["spec"]!["affinity"]!["podAntiAffinity"]!;
        var term = antiAffinity["preferredDuringSchedulingIgnoredDuringExecution"]![0]!["podAffinityTerm"]!;
        Assert.Equal("kubernetes.io/hostname", term["topologyKey"]!.GetValue<string>());
        AssertSelects(term["labelSelector"]!["matchLabels"]!, deployment);
        AssertCommon(objects);
    }

    [Fact]
    public async Task Probes_AreOnPathsARunningBosunAnswersWithoutAToken()
    {
        var container = Container(One(await RenderAsync("ha"), "Deployment"));
        using var data = new TempDirectory("bosun-probes");
        await using var server = await BosunProcess.ServeAsync(data.Path, "probe-token");
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var path = container[probe]!["httpGet"]!["path"]!.GetValue<string>();
            Assert.Equal("http", container[probe]!["httpGet"]!["port"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        }
        Assert.Equal("/ready", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/health", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dockerfile_PublishesWithTheLaunchersCommand_AndRunsTheRuntimeImageAsNonRoot()
    {
        var dockerfile = await File.ReadAllLinesAsync(Path.Combine(Root, "Dockerfile"));
        var stages = dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"], stages);
        Assert.Contains("RUN eng/publish.sh /app /tmp/artifacts", dockerfile);
        Assert.Contains("eng/publish.sh", await File.ReadAllTextAsync(Path.Combine(Root, "bosun")));
        var runtime = dockerfile.SkipWhile(l => l != stages[1]).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.NotEqual("USER root", user);
        Assert.NotEqual("USER 0", user);
        var deployment = One(await RenderAsync("single"), "Deployment");
        Assert.Equal(user["USER ".Length..].Split(':')[0], deployment["spec"]!["template"]!["spec"]!["securityContext"]!["runAsUser"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("DOTNET_GCgen0size", "0x400000")]
    [InlineData("MALLOC_ARENA_MAX", "2")]
    public async Task LauncherImageAndBenchmark_StartTheServerWithTheSameMemorySettings(string name, string value)
    {
        // docs/operations.md, "Memory": the benchmark measures the server as the launcher and the image start it.
        Assert.Contains($"ENV {name}={value}", await File.ReadAllLinesAsync(Path.Combine(Root, "Dockerfile")));
        Assert.Contains($"export {name}=\"${{{name}:-{value}}}\"", await File.ReadAllTextAsync(Path.Combine(Root, "bosun")));
        Assert.Contains($"info.Environment[\"{name}\"] = \"{value}\";", await File.ReadAllTextAsync(Path.Combine(Root, "bench", "Bosun.Benchmarks", "ServerProcess.cs")));
    }

    /// <summary>What both overlays share: hardening, resources, no cluster API, and a Secret for the token and key that the pod reads.</summary>
    private static void AssertCommon(List<JsonNode> objects)
    {
        Assert.DoesNotContain(objects, o => Kind(o) is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding");
        var deployment = One(objects, "Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.Equal("false", pod["automountServiceAccountToken"]!.GetValue<string>());
        Assert.Equal("true", pod["securityContext"]!["runAsNonRoot"]!.GetValue<string>());
        var container = Container(deployment);
        Assert.Equal("true", container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<string>());
        Assert.Equal("false", container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<string>());
        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        // Only the data and tmp volumes are writable.
        var writable = container["volumeMounts"]!.AsArray().Where(m => m!["readOnly"]?.GetValue<string>() != "true").Select(m => m!["name"]!.GetValue<string>());
        Assert.Equal(["data", "tmp"], writable.Order());

        // The flags and variables are ones `bosun serve` reads, and the port it listens on is the one served.
        Assert.Equal("serve", container["args"]![0]!.GetValue<string>());
        var port = Arg(deployment, "--listen").Split(':')[1];
        var containerPort = Assert.Single(container["ports"]!.AsArray())!;
        Assert.Equal(port, containerPort["containerPort"]!.GetValue<string>());
        var service = One(objects, "Service");
        Assert.Equal(containerPort["name"]!.GetValue<string>(), service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>());
        AssertSelects(service["spec"]!["selector"]!, deployment);
        var help = ServeHelp.Value;
        foreach (var name in Env(deployment).Select(e => e["name"]!.GetValue<string>()).Where(n => n != "HOME"))
        {
            Assert.Contains(name, help);
        }
        foreach (var flag in container["args"]!.AsArray().Select(a => a!.GetValue<string>()).Where(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.Contains(flag + " <", help);
        }

        // The token and key files are keys of the Secret mounted where the pod reads them.
        var secretVolume = Volume(deployment, "secret");
        var secretName = secretVolume["secret"]!["secretName"]!.GetValue<string>();
        var mountedAt = Mount(deployment, "secret");
        var tokenFile = Arg(deployment, "--api-token-file");
        var keyFile = Env(deployment).Single(e => e["name"]!.GetValue<string>() == "BOSUN_SECRET_KEY_FILE")["value"]!.GetValue<string>();
        foreach (var file in new[] { tokenFile, keyFile })
        {
            Assert.Equal(mountedAt, Path.GetDirectoryName(file));
            AssertSecretHasKey(objects, secretName, Path.GetFileName(file));
        }
    }

    private static readonly Lazy<string> ServeHelp = new(() =>
    {
        using var process = Process.Start(new ProcessStartInfo(Path.Combine(Root, "bosun"), ["serve", "--help"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    });

    private static void AssertSecretHasKey(List<JsonNode> objects, string name, string key)
    {
        var secret = Assert.Single(objects, o => Kind(o) == "Secret" && Name(o) == name);
        Assert.True(secret["stringData"]?[key] is not null || secret["data"]?[key] is not null, $"Secret {name} has no key {key}");
    }

    private static void AssertSelects(JsonNode labels, JsonNode deployment)
    {
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        foreach (var (key, value) in labels.AsObject())
        {
            Assert.Equal(value!.GetValue<string>(), podLabels[key]?.GetValue<string>());
        }
    }

    private static async Task<List<JsonNode>> RenderAsync(string overlay)
    {
        var info = new ProcessStartInfo("kubectl", ["kustomize", Path.Combine(Root, "deploy/kubernetes/overlays", overlay)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed: eng/test.sh installs it (apt-get install kubectl)", e);
        }
        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {errors}");
            var deserializer = new DeserializerBuilder().Build();
            return output.Split("\n---\n").Where(d => !string.IsNullOrWhiteSpace(d))
                .Select(d => JsonSerializer.SerializeToNode(deserializer.Deserialize<object>(d))!).ToList();
        }
    }

    private static string Kind(JsonNode o) => o["kind"]!.GetValue<string>();

    private static string Name(JsonNode o) => o["metadata"]!["name"]!.GetValue<string>();

    private static JsonNode One(List<JsonNode> objects, string kind) => Assert.Single(objects, o => Kind(o) == kind);

    private static JsonNode Container(JsonNode deployment) => Assert.Single(deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray())!;

    private static IEnumerable<JsonNode> Env(JsonNode deployment) => Container(deployment)["env"]!.AsArray().Select(e => e!);

    private static JsonNode Volume(JsonNode deployment, string name) =>
        deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;

    private static string Mount(JsonNode deployment, string name) =>
        Container(deployment)["volumeMounts"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == name)!["mountPath"]!.GetValue<string>();

    private static string Arg(JsonNode deployment, string flag)
    {
        var args = Container(deployment)["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        return args[args.IndexOf(flag) + 1];
    }
}
