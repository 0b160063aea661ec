using System.Text.Json.Nodes;
using Bosun.Server.Tests.ArgoCd;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Remediation;

/// <summary>
/// Keptn's documented remediation loop (spec §7, issue 6 items 3 and 4): a problem starts the remediation
/// sequence; get-action picks the action at <c>actionIndex</c>; the action runs (a webhook for <c>scaling</c>, Bosun's
/// Argo CD integration for <c>rollback</c>/<c>sync</c>); the evaluation decides; a failed evaluation re-triggers the
/// sequence in the same context with the next index (DESIGN decision 4: the newer index wins the merge).
/// </summary>
public sealed class RemediationLoopTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: heal}
        spec:
          stages:
            - name: production
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
                - name: remediation
                  triggeredOn:
                    - event: production.remediation.finished
                      selector:
                        match: {evaluation.result: fail}
                  tasks:
                    - name: get-action
                    - name: action
                    - name: evaluation
                      properties: {timeframe: 5m}
        """;

    private const string TwoActions = """
        apiVersion: spec.keptn.sh/0.1.4
        kind: Remediation
        metadata: {name: helloservice}
        spec:
          remediations:
            - problemType: Response time degradation
              actionsOnOpen:
                - {name: Scale up, action: scaling, description: add a replica, value: 1}
                - {name: Roll back, action: rollback, description: back to the revision that passed}
        """;

    private const string WebhookYaml = """
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata: {name: actions}
        spec:
          webhooks:
            - type: sh.keptn.event.action.triggered
              sendFinished: true
              requests:
                - url: RECEIVER/actions/{{.data.action.action}}
                  method: POST
                  payload: '{"value": "{{.data.action.value}}"}'
        """;

    private SimulatedArgoCdHost _argo = null!;
    private RecordingReceiver _receiver = null!;
    private RunningServer _bosun = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCdHost.StartAsync();
        _receiver = await RecordingReceiver.StartAsync();
        _argo.AddApp("hello-production", stage: "production");
        _bosun = await RunningServer.StartAsync(options: o => o with { ArgoCdUrl = _argo.Url, ArgoCdToken = SimulatedArgoCdHost.Token, WebhookAllow = "127.0.0.1" });
        await _bosun.CreateProjectAsync("podtato", Shipyard, "helloservice");
        await RunningServer.ReadAsync(await _bosun.PostEventAsync(
            """{"type":"sh.keptn.event.monitoring.configure","source":"test","data":{"project":"podtato","type":"my-sli-provider"}}"""));
        await PutAsync("slo.yaml", "objectives:\n  - sli: response_time_p95\n    pass: [{criteria: ['<500']}]\ntotal_score: {pass: '90%'}\n");
        await PutAsync("remediation.yaml", TwoActions);
        await PutAsync("webhook/webhook.yaml", WebhookYaml.Replace("RECEIVER/", _receiver.Address.ToString(), StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _bosun.DisposeAsync();
        await _receiver.DisposeAsync();
        await _argo.DisposeAsync();
    }

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private Task PutAsync(string uri, string content) => _bosun.PutResourceAsync("podtato", "production", "helloservice", uri, content);

    /// <summary>Delivers <paramref name="revision"/> through the change watcher and waits for it to pass.</summary>
    private async Task DeliverAsync(string revision, int deliveries)
    {
        _argo.Simulation.Push("hello-production", revision);
        var finished = await _bosun.WaitForEventsAsync("sh.keptn.event.production.delivery.finished", count: deliveries);
        Assert.Equal("pass", Text(finished[0]["data"]!["result"]));
    }

    private async Task<string> ProblemAsync(string title)
    {
        var problem = new JsonObject
        {
            ["type"] = "sh.keptn.event.production.remediation.triggered",
            ["source"] = "alerts",
            ["data"] = new JsonObject
            {
                ["project"] = "podtato",
                ["stage"] = "production",
                ["service"] = "helloservice",
                ["problem"] = new JsonObject { ["problemTitle"] = title, ["rootCause"] = "" },
            },
        };
        return Text((await RunningServer.ReadAsync(await _bosun.PostEventAsync(problem.ToJsonString())))["keptnContext"]);
    }

    /// <summary>Plays the SLI provider for the <paramref name="round"/>-th evaluation of the context.</summary>
    private async Task MeasureAsync(string context, int round, double responseTime)
    {
        var getSli = (await _bosun.WaitForEventsAsync("sh.keptn.event.get-sli.triggered", context, round))[0];
        await _bosun.AnswerAsync(getSli, "pass", new JsonObject
        {
            ["get-sli"] = new JsonObject
            {
                ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "response_time_p95", ["value"] = responseTime, ["success"] = true }),
            },
        });
    }

    [Fact]
    public async Task FirstActionDoesNotHelp_TheSecondRoundRollsBackThroughArgoCd_AndTheProblemIsFixed()
    {
        await DeliverAsync("r2", 1);
        await DeliverAsync("r3", 2);
        var context = await ProblemAsync("Response time degradation");

        // Round 1: get-action picks index 0 (scaling), the webhook performs it, the evaluation still fails.
        var firstAction = await _bosun.WaitForAsync("sh.keptn.event.action.finished", context);
        Assert.Equal("webhook-service", Text(firstAction["source"]));
        await MeasureAsync(context, 1, 900);
        var firstRound = await _bosun.WaitForAsync("sh.keptn.event.production.remediation.finished", context);
        Assert.Equal("fail", Text(firstRound["data"]!["result"]));

        // Round 2, same context: index 1 (rollback), performed by Bosun through Argo CD, not by the webhook.
        var actions = await _bosun.WaitForEventsAsync("sh.keptn.event.action.finished", context, 2);
        var rollback = actions[0];
        Assert.Equal(("bosun-argocd", "pass", "r2"), (Text(rollback["source"]), Text(rollback["data"]!["result"]), Text(rollback["data"]!["argocd"]!["revision"])));
        var app = _argo.Simulation.Peek("hello-production");
        Assert.Equal(("r2", "Healthy"), (app.SyncedRevision, app.HealthStatus));
        await MeasureAsync(context, 2, 120);
        var rounds = await _bosun.WaitForEventsAsync("sh.keptn.event.production.remediation.finished", context, 2);
        Assert.Equal("pass", Text(rounds[0]["data"]!["result"]));

        var getActions = await _bosun.EventsAsync("sh.keptn.event.get-action.finished", context);
        Assert.Equal([2, 1], getActions.Select(e => e["data"]!["get-action"]!["actionIndex"]!.GetValue<int>()));
        var triggered = await _bosun.EventsAsync("sh.keptn.event.action.triggered", context);
        Assert.Equal(["rollback", "scaling"], triggered.Select(e => Text(e["data"]!["action"]!["action"])));
        Assert.Equal(2, (await _bosun.EventsAsync("sh.keptn.event.production.remediation.triggered", context)).Count);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("/actions/scaling", """{"value": "1"}"""), (request.Path, request.Body));
    }

    [Fact]
    public async Task EveryActionTried_TheNextRoundFailsWithNoActionAtThatIndex_AndTheLoopStops()
    {
        await PutAsync("remediation.yaml", """
            apiVersion: spec.keptn.sh/0.1.4
            kind: Remediation
            metadata: {name: helloservice}
            spec:
              remediations:
                - problemType: default
                  actionsOnOpen:
                    - {name: Scale up, action: scaling, value: 2}
            """);
        var context = await ProblemAsync("Memory leak");
        await MeasureAsync(context, 1, 900);
        var rounds = await _bosun.WaitForEventsAsync("sh.keptn.event.production.remediation.finished", context, 2);
        var last = (await _bosun.EventsAsync("sh.keptn.event.get-action.finished", context))[0];
        Assert.Equal(("fail", "there is no action with index 1 for problem title Memory leak"), (Text(last["data"]!["result"]), Text(last["data"]!["message"])));
        Assert.Equal("fail", Text(rounds[0]["data"]!["result"]));
        // The round that failed at get-action matches no selector: no third round.
        Assert.Equal(2, (await _bosun.EventsAsync("sh.keptn.event.production.remediation.triggered", context)).Count);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task SyncAction_ResyncsTheAppThroughArgoCd_WithTheActionsIds()
    {
        await PutAsync("remediation.yaml", """
            apiVersion: spec.keptn.sh/0.1.4
            kind: Remediation
            metadata: {name: helloservice}
            spec:
              remediations:
                - problemType: Configuration drift
                  actionsOnOpen:
                    - {name: Re-sync, action: sync}
            """);
        var context = await ProblemAsync("Configuration drift");
        var finished = await _bosun.WaitForAsync("sh.keptn.event.action.finished", context);
        Assert.Equal(("bosun-argocd", "pass", "succeeded"), (Text(finished["source"]), Text(finished["data"]!["result"]), Text(finished["data"]!["status"])));
        var triggered = await _bosun.WaitForAsync("sh.keptn.event.action.triggered", context);
        var sync = Assert.Single(_argo.Simulation.Syncs, s => s.Infos.ToJsonString().Contains(Text(triggered["id"]), StringComparison.Ordinal));
        Assert.Equal("hello-production", sync.App);
        Assert.Empty(_receiver.Requests);
    }
}
