using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// The lighthouse's work is shared: an evaluation waits for its outside SLI provider when the replica that took it is
/// SIGKILLed; the provider answers through the other replica, which takes the hand-over over and scores it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaEvaluationTests(PostgresFixture postgres)
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: gates }
        spec:
          stages:
            - name: hardening
        """;

    private const string Slo = """
        spec_version: "0.1.1"
        comparison: {compare_with: single_result, include_result_with_score: pass, number_of_comparison_results: 1, aggregate_function: avg}
        objectives:
          - sli: response_time_p95
            pass: [{criteria: ["<600"]}]
        total_score: {pass: "90%", warning: "75%"}
        """;

    [Fact]
    public async Task EvaluationWaitingForItsProvider_WhenItsReplicaDies_IsScoredByTheOther()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("gates"), 2);
        await replicas.CreateProjectAsync("gates", Shipyard, ["api"]);
        var other = replicas.Client(1);
        (await other.PostAsync("/api/v1/event", Json(new JsonObject
        {
            ["type"] = "sh.keptn.event.monitoring.configure",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = "gates", ["service"] = "api", ["type"] = "outside-provider" },
        }))).EnsureSuccessStatusCode();
        (await other.PostAsJsonAsync("/api/resource-service/v1/project/gates/stage/hardening/service/api/resource",
            new { resources = new[] { new { resourceURI = "slo.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(Slo)) } } })).EnsureSuccessStatusCode();
        var started = await other.PostAsJsonAsync("/api/controlPlane/v1/project/gates/stage/hardening/service/api/evaluation", new { timeframe = "5m" });
        started.EnsureSuccessStatusCode();
        var context = (await started.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();

        // The first replica holds the hand-over: its lighthouse asks the provider, then it dies.
        var getSli = await Eventually.Found(async () => (await replicas.GetJsonAsync("/api/controlPlane/v1/event/triggered/sh.keptn.event.get-sli.triggered?project=gates"))["events"]!.AsArray()
            .FirstOrDefault(e => e!["shkeptncontext"]!.GetValue<string>() == context), TimeSpan.FromSeconds(30), "the lighthouse asking the SLI provider");
        await replicas.KillAsync(0);

        var request = getSli["data"]!["get-sli"]!;
        foreach (var kind in new[] { "started", "finished" })
        {
            var data = new JsonObject { ["project"] = "gates", ["stage"] = "hardening", ["service"] = "api", ["status"] = "succeeded", ["result"] = "pass" };
            if (kind == "finished")
            {
                data["get-sli"] = new JsonObject
                {
                    ["start"] = request["start"]!.DeepClone(),
                    ["end"] = request["end"]!.DeepClone(),
                    ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "response_time_p95", ["value"] = 420, ["success"] = true }),
                };
            }
            (await other.PostAsync("/api/v1/event", Json(new JsonObject
            {
                ["type"] = $"sh.keptn.event.get-sli.{kind}",
                ["source"] = "outside-provider",
                ["triggeredid"] = getSli["id"]!.GetValue<string>(),
                ["shkeptncontext"] = context,
                ["data"] = data,
            }))).EnsureSuccessStatusCode();
        }

        var finished = await Eventually.Until(async () => (await replicas.GetJsonAsync($"/api/mongodb-datastore/event?keptnContext={context}&type=sh.keptn.event.evaluation.finished"))["events"]!.AsArray(),
            events => events.Count > 0, TimeSpan.FromSeconds(30), "the other replica scoring the evaluation");
        var evaluation = Assert.Single(finished)!;
        Assert.Equal("pass", evaluation["data"]!["result"]!.GetValue<string>());
        Assert.Equal(100, evaluation["data"]!["evaluation"]!["score"]!.GetValue<double>());
        Assert.Equal(1, await replicas.CountAsync("gates", "sh.keptn.event.evaluation.started"));
        Assert.Equal(1, await replicas.CountAsync("gates", "sh.keptn.event.get-sli.triggered"));
    }

    private static StringContent Json(JsonObject evt) => new(evt.ToJsonString(), Encoding.UTF8, "application/json");
}
