using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// Issue 6 item 2, Keptn's documented pattern: a delivery whose quality gate fails ends failed, and the rollback
/// sequence triggered on that brings the Argo CD app back to the last revision that passed in the stage.
/// </summary>
public sealed class RollbackOnFailedEvaluationTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: gated-delivery}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
                    - name: evaluation
                      properties: {timeframe: 5m}
                - name: rollback
                  triggeredOn:
                    - event: dev.delivery.finished
                      selector:
                        match: {result: fail}
                  tasks:
                    - name: rollback
        """;

    private SimulatedArgoCdHost _argo = null!;
    private readonly TempDirectory _data = new("bosun-rollback");

    public async Task InitializeAsync() => _argo = await SimulatedArgoCdHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _argo.DisposeAsync();
        _data.Dispose();
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    /// <summary>Plays the SLI provider for the delivery of <paramref name="revision"/>: throughput as given.</summary>
    private static async Task<JsonObject> EvaluatedAsync(RunningServer bosun, string revision, double throughput)
    {
        var context = await Eventually.Found(
            async () => (await bosun.EventsAsync("sh.keptn.event.dev.delivery.triggered")).FirstOrDefault(t => t["data"]!["labels"]?["version"]?.GetValue<string>() == revision)?["shkeptncontext"]?.GetValue<string>(),
            TimeSpan.FromSeconds(20),
            $"a delivery of {revision}");
        var getSli = await bosun.WaitForAsync("sh.keptn.event.get-sli.triggered", context);
        var data = new JsonObject
        {
            ["project"] = "podtato",
            ["stage"] = "dev",
            ["service"] = "helloservice",
            ["status"] = "succeeded",
            ["result"] = "pass",
            ["get-sli"] = new JsonObject
            {
                ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "throughput", ["value"] = throughput, ["success"] = true }),
            },
        };
        await RunningServer.ReadAsync(await bosun.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.get-sli.finished",
            ["source"] = "my-sli-provider",
            ["triggeredid"] = Text(getSli["id"]),
            ["data"] = data,
        }.ToJsonString()));
        return await bosun.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
    }

    [Fact]
    public async Task FailingQualityGate_RollsTheAppBackToTheRevisionThatPassed()
    {
        _argo.AddApp("podtato-kustomize");
        await using var bosun = await _argo.StartBosunAsync(_data.Path);
        await bosun.CreateProjectAsync("podtato", Shipyard, "helloservice");
        await RunningServer.ReadAsync(await bosun.PostEventAsync(
            """{"type":"sh.keptn.event.monitoring.configure","source":"test","data":{"project":"podtato","type":"my-sli-provider"}}"""));
        var slo = "objectives:\n  - sli: throughput\n    pass: [{criteria: ['>=100']}]\ntotal_score: {pass: '90%'}\n";
        await bosun.PutResourceAsync("podtato", "dev", "helloservice", "slo.yaml", slo);

        _argo.Simulation.Push("podtato-kustomize", "r2");
        Assert.Equal("pass", Text((await EvaluatedAsync(bosun, "r2", 150))["data"]!["result"]));

        _argo.Simulation.Push("podtato-kustomize", "r3");
        var failed = await EvaluatedAsync(bosun, "r3", 10);
        Assert.Equal("fail", Text(failed["data"]!["result"]));
        var context = Text(failed["shkeptncontext"]);

        // The rollback is part of the same context, and Argo CD is back at r2.
        var rollback = await bosun.WaitForAsync("sh.keptn.event.rollback.finished", context);
        Assert.Equal(("pass", "succeeded"), (Text(rollback["data"]!["result"]), Text(rollback["data"]!["status"])));
        Assert.Equal("r2", Text(rollback["data"]!["argocd"]!["revision"]));
        var app = _argo.Simulation.Peek("podtato-kustomize");
        Assert.Equal(("r2", "Healthy"), (app.SyncedRevision, app.HealthStatus));
        var states = await RunningServer.ReadAsync(await bosun.Client.GetAsync($"/api/controlPlane/v1/sequence/podtato?keptnContext={context}"));
        var stages = Assert.Single(states["states"]!.AsArray())!["stages"]!.AsArray();
        Assert.Equal(["delivery", "rollback"], stages.Select(st => Text(st!["sequence"])));
        Assert.Equal("fail", Text(stages[0]!["latestEvaluation"]!["result"]));
        Assert.Equal("sh.keptn.event.dev.rollback.finished", Text(stages[1]!["latestEvent"]!["type"]));
    }
}
