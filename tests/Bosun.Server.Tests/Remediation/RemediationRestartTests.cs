using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.Server.Tests.ArgoCd;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Remediation;

/// <summary>Crash safety of remediation: a built-in action and an Alertmanager firing survive a restart and happen once.</summary>
public sealed class RemediationRestartTests : IAsyncLifetime
{
    private const string Shipyard = Shipyards.Remediation;

    private const string Remediation = """
        apiVersion: spec.keptn.sh/0.1.4
        kind: Remediation
        metadata: {name: helloservice}
        spec:
          remediations:
            - problemType: HighLatency
              actionsOnOpen:
                - {name: Re-sync, action: sync}
        """;

    private SimulatedArgoCdHost _argo = null!;
    private readonly TempDirectory _data = new("bosun-remediation-restart");

    public async Task InitializeAsync() => _argo = await SimulatedArgoCdHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _argo.DisposeAsync();
        _data.Dispose();
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static JsonObject Firing() => JsonNode.Parse("""
        {"version":"4","status":"firing","alerts":[{"status":"firing","fingerprint":"5e1f00aa11bb22cc","startsAt":"2026-11-26T10:00:00Z",
          "labels":{"alertname":"HighLatency","project":"heal","stage":"production","service":"helloservice"},"annotations":{"summary":"Slow"}}]}
        """)!.AsObject();

    [Fact]
    public async Task BosunStoppedWhileASyncActionRuns_TheRestartFinishesItOnce_AndTheRepeatedAlertStartsNothing()
    {
        _argo.AddApp("hello-production", project: "heal", stage: "production", configure: a => a.SyncDuration = TimeSpan.FromSeconds(1.5));
        string context;
        await using (var bosun = await _argo.StartBosunAsync(_data.Path))
        {
            await bosun.CreateProjectAsync("heal", Shipyard, "helloservice");
            await bosun.PutResourceAsync("heal", "production", "helloservice", "remediation.yaml", Remediation);
            var answer = await RunningServer.ReadAsync(await bosun.Client.PostAsJsonAsync("/api/v1/alertmanager", Firing()));
            context = Text(answer["alerts"]![0]!["keptnContext"]);
            await bosun.WaitForAsync("sh.keptn.event.action.started", context);
            await Eventually.Until(() => _argo.Simulation.Syncs.Count > 0, TimeSpan.FromSeconds(20), "Bosun's sync");
        }
        Assert.NotNull(_argo.Simulation.Peek("hello-production").Operation);

        await using var restarted = await _argo.StartBosunAsync(_data.Path);
        var finished = await restarted.WaitForAsync("sh.keptn.event.action.finished", context);
        Assert.Equal(("bosun-argocd", "pass"), (Text(finished["source"]), Text(finished["data"]!["result"])));
        Assert.Single(_argo.Simulation.Syncs);
        Assert.Single(await restarted.EventsAsync("sh.keptn.event.action.started", context));

        var again = await RunningServer.ReadAsync(await restarted.Client.PostAsJsonAsync("/api/v1/alertmanager", Firing()));
        Assert.Equal(("remediation already started", context), (Text(again["alerts"]![0]!["outcome"]), Text(again["alerts"]![0]!["keptnContext"])));
        Assert.Single(await restarted.EventsAsync("sh.keptn.event.production.remediation.triggered"));
    }
}
