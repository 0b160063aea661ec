using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>A quality-gates project (Keptn's test shipyard: one stage, the implicit evaluation sequence) and a fake SLI provider.</summary>
internal static class QualityGate
{
    public const string Project = "quality-gates";
    public const string Stage = "hardening";
    public const string Service = "my-service";

    public const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.0
        kind: Shipyard
        metadata:
          name: shipyard-quality-gates
        spec:
          stages:
            - name: hardening
        """;

    /// <summary>Keptn's integration-test SLO file (test_qualitygate.go).</summary>
    public const string Slo = """
        ---
        spec_version: "0.1.1"
        comparison:
          aggregate_function: "avg"
          compare_with: "single_result"
          include_result_with_score: "pass"
          number_of_comparison_results: 1
        filter:
        objectives:
          - sli: "response_time_p95"
            key_sli: false
            pass:
              - criteria:
                  - "<=+75%"
                  - "<800"
            warning:
              - criteria:
                  - "<=1000"
                  - "<=+100%"
            weight: 1
          - sli: "throughput"
            pass:
              - criteria:
                  - "<=+100%"
                  - ">=-80%"
          - sli: "error_rate"
        total_score:
          pass: "90%"
          warning: "75%"
        """;

    public static async Task CreateAsync(RunningServer server, string? provider)
    {
        await server.CreateProjectAsync(Project, Shipyard, Service);
        if (provider is not null)
        {
            await ConfigureMonitoringAsync(server, provider);
        }
    }

    /// <summary>As <c>keptn configure monitoring</c> does: a <c>monitoring.configure</c> event naming the provider.</summary>
    public static async Task ConfigureMonitoringAsync(RunningServer server, string provider) =>
        await RunningServer.ReadAsync(await server.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.monitoring.configure",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = Project, ["service"] = Service, ["type"] = provider },
        }.ToJsonString()));

    public static Task PutResourceAsync(RunningServer server, string uri, string content, string? stage = Stage, string? service = Service) =>
        server.PutResourceAsync(Project, stage, service, uri, content);

    /// <summary>Writes a file past the resource API's checks, as one stored before they existed.</summary>
    public static void StoreUnchecked(RunningServer server, string uri, string content)
    {
        using var store = SqliteStore.Open(Path.Combine(server.DataDirectory, "bosun.db"));
        using var write = store.BeginWrite();
        write.PutResource(Project, Stage, Service, uri, Encoding.UTF8.GetBytes(content), DateTimeOffset.UnixEpoch);
        write.Commit();
    }

    public static async Task<string> EvaluateAsync(RunningServer server, object? body = null)
    {
        var response = await server.Client.PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/stage/{Stage}/service/{Service}/evaluation", body ?? new { });
        return (await RunningServer.ReadAsync(response))["keptnContext"]!.GetValue<string>();
    }

    /// <summary>The lighthouse's <c>get-sli.triggered</c> of a context, as an outside provider polls it.</summary>
    public static Task<JsonObject> OpenGetSliAsync(RunningServer server, string context) => Eventually.Found(
        async () => (await server.OpenAsync("get-sli", Project)).OfType<JsonObject>().FirstOrDefault(e => e["shkeptncontext"]?.GetValue<string>() == context),
        TimeSpan.FromSeconds(20),
        $"an open get-sli.triggered in context {context}");

    public static async Task AnswerAsync(RunningServer server, JsonObject getSli, string kind, JsonObject? extra = null)
    {
        var data = new JsonObject { ["project"] = Project, ["stage"] = Stage, ["service"] = Service, ["status"] = "succeeded", ["result"] = "pass" };
        foreach (var (key, value) in extra ?? [])
        {
            data[key] = value?.DeepClone();
        }
        await RunningServer.ReadAsync(await server.PostEventAsync(new JsonObject
        {
            ["type"] = $"sh.keptn.event.get-sli.{kind}",
            ["source"] = "my-sli-provider",
            ["triggeredid"] = getSli["id"]!.GetValue<string>(),
            ["shkeptncontext"] = getSli["shkeptncontext"]!.GetValue<string>(),
            ["data"] = data,
        }.ToJsonString()));
    }

    /// <summary>A provider's started + finished with these SLI values.</summary>
    public static async Task ProvideAsync(RunningServer server, JsonObject getSli, params (string Metric, double Value)[] values)
    {
        await AnswerAsync(server, getSli, "started");
        var request = getSli["data"]!["get-sli"]!;
        await AnswerAsync(server, getSli, "finished", new JsonObject
        {
            ["get-sli"] = new JsonObject
            {
                ["start"] = request["start"]!.DeepClone(),
                ["end"] = request["end"]!.DeepClone(),
                ["indicatorValues"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["metric"] = v.Metric, ["value"] = v.Value, ["success"] = true }).ToArray()),
            },
        });
    }

    public static async Task<JsonObject> FinishedAsync(RunningServer server, string context) =>
        await server.WaitForAsync("sh.keptn.event.evaluation.finished", context);
}
