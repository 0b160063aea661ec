using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.ArgoCd;

/// <summary>
/// Issue 3, bad input and the task timeout: whatever goes wrong with Argo CD, the task gets a <c>.finished</c>
/// with <c>status: errored</c> naming the app and quoting Argo CD, and the next deliveries go on.
/// </summary>
public sealed class NativeDeliveryErrorsTests : IAsyncLifetime
{
    private SimulatedArgoCdHost _argo = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCdHost.StartAsync();
        _argo.AddApp("podtato-kustomize");
        _argo.AddApp("other-team-app", project: "payments");
    }

    public async Task DisposeAsync() => await _argo.DisposeAsync();

    private static async Task<string> TriggerAsync(RunningServer bosun, JsonObject? deliver = null, string? appname = null, string version = "r2")
    {
        var data = new JsonObject
        {
            ["project"] = "podtato",
            ["stage"] = "dev",
            ["service"] = "helloservice",
            ["labels"] = new JsonObject { ["version"] = version },
        };
        if (appname is not null)
        {
            data["labels"]!["appname"] = appname;
        }
        if (deliver is not null)
        {
            data["deliver"] = deliver;
        }
        var evt = new JsonObject { ["type"] = "sh.keptn.event.dev.delivery.triggered", ["source"] = "test", ["specversion"] = "1.0", ["data"] = data };
        var body = await RunningServer.ReadAsync(await bosun.PostEventAsync(evt.ToJsonString()));
        return body["keptnContext"]!.GetValue<string>();
    }

    private static async Task<(string Status, string Message)> ErroredAsync(RunningServer bosun, string context)
    {
        var finished = await bosun.WaitForAsync("sh.keptn.event.deliver.finished", context);
        var data = finished["data"]!;
        await bosun.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
        return (data["status"]!.GetValue<string>(), data["message"]!.GetValue<string>());
    }

    private async Task<RunningServer> StartAsync(string? url = null, string token = SimulatedArgoCdHost.Token, TimeProvider? time = null)
    {
        var bosun = time is null
            ? await _argo.StartBosunAsync(url: url, token: token)
            : await _argo.StartBosunAsync(time: time, url: url, token: token);
        await bosun.CreateProjectAsync("podtato", Shipyards.ArgoDelivery, "helloservice");
        return bosun;
    }

    [Fact]
    public async Task UnreachableArgoCd_ErrorsTheTask_AndTheNextDeliveryStillRuns()
    {
        await using var bosun = await StartAsync(url: "http://127.0.0.1:9/");
        var first = await ErroredAsync(bosun, await TriggerAsync(bosun, appname: "podtato-kustomize"));
        Assert.Equal("errored", first.Status);
        Assert.Contains("Argo CD app podtato-kustomize could not be read: Argo CD at http://127.0.0.1:9/ is not reachable", first.Message);

        var second = await ErroredAsync(bosun, await TriggerAsync(bosun, version: "r3"));
        Assert.Equal("errored", second.Status);
        Assert.Contains("listing Argo CD apps labelled keptnProject=podtato,keptnService=helloservice,stage=dev failed", second.Message);
    }

    [Fact]
    public async Task BadToken_ErrorsTheTask_QuotingArgoCd()
    {
        await using var bosun = await StartAsync(token: "wrong");
        var (status, message) = await ErroredAsync(bosun, await TriggerAsync(bosun, appname: "podtato-kustomize"));
        Assert.Equal("errored", status);
        Assert.StartsWith("Argo CD rejected the token while reading app podtato-kustomize (Argo CD answered 401:", message);
    }

    [Fact]
    public async Task MissingApp_ErrorsTheTask_NamingIt()
    {
        await using var bosun = await StartAsync();
        var (status, message) = await ErroredAsync(bosun, await TriggerAsync(bosun, appname: "ghost"));
        Assert.Equal("errored", status);
        // Without project= Argo CD answers 403 for a missing app, so as not to reveal which apps exist.
        Assert.StartsWith("Argo CD app ghost does not exist or the token may not read it (Argo CD answered 403:", message);

        var (_, inProject) = await ErroredAsync(bosun, await TriggerAsync(bosun, new JsonObject { ["application"] = "ghost", ["argocdProject"] = "ortelius" }, version: "r3"));
        Assert.StartsWith("Argo CD app ghost was not found in Argo CD project ortelius (Argo CD answered 404:", inProject);
    }

    [Fact]
    public async Task AppInAnotherProject_ErrorsTheTask_AndIsNotSynced()
    {
        await using var bosun = await StartAsync();
        var (status, message) = await ErroredAsync(bosun, await TriggerAsync(bosun, new JsonObject { ["application"] = "podtato-kustomize", ["argocdProject"] = "team-a" }));
        Assert.Equal("errored", status);
        Assert.StartsWith("Argo CD app podtato-kustomize was not found in Argo CD project team-a (Argo CD answered 404:", message);

        var (_, keptnProject) = await ErroredAsync(bosun, await TriggerAsync(bosun, new JsonObject { ["application"] = "other-team-app" }, version: "r3"));
        Assert.Equal("Argo CD app other-team-app is labelled keptnProject=payments, not podtato; Bosun does not deploy another project's app", keptnProject);
        Assert.Empty(_argo.Simulation.Syncs);
    }

    [Fact]
    public async Task AppThatNeverGetsHealthy_IsErroredAtTheTaskTimeout_NamingWhatItWaitedFor()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _argo.Simulation.Peek("podtato-kustomize").HealthDelay = TimeSpan.FromHours(1);
        var bosun = await StartAsync(time: time);
        try
        {
            var context = await TriggerAsync(bosun, appname: "podtato-kustomize");
            await Eventually.Until(() => _argo.Simulation.Peek("podtato-kustomize").SyncedRevision == "r2", TimeSpan.FromSeconds(20), "Bosun's sync to r2");
            time.Advance(TimeSpan.FromMinutes(31));

            var (status, message) = await ErroredAsync(bosun, context);
            Assert.Equal("errored", status);
            // What it waited for last: the app Progressing after the sync (or, had the clock jumped sooner, the sync itself).
            Assert.StartsWith("deliver of podtato-kustomize did not finish within 30 minutes: ", message);
            Assert.Contains("r2", message);
        }
        finally
        {
            await DisposeWithTickingClockAsync(bosun, time);
        }
    }

    /// <summary>
    /// Stops a server that runs on a fake clock. The HTTP resilience pipeline waits on that clock for requests still in
    /// flight when it is disposed, so the clock keeps moving until the server is gone (without it, disposal can hang).
    /// </summary>
    private static async Task DisposeWithTickingClockAsync(RunningServer bosun, FakeTimeProvider time)
    {
        using var stop = new CancellationTokenSource();
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(10, CancellationToken.None);
            }
        });
        await bosun.DisposeAsync();
        await stop.CancelAsync();
        await ticker;
    }

    [Fact]
    public async Task ProjectKeepingTheOriginalWebhook_AnswersDeliveriesThere()
    {
        _argo.AddApp("native-app", project: "native");
        await using var bosun = await StartAsync();
        var webhook = """
            apiVersion: webhookconfig.keptn.sh/v1alpha1
            kind: WebhookConfig
            metadata:
              name: webhook-configuration
            spec:
              webhooks:
                - type: "sh.keptn.event.deliver.triggered"
                  requests:
                    - "curl --request POST https://argocd.example.com/api/v1/applications/{{.data.labels.appname}}/sync"
            """;
        var added = await bosun.Client.PostAsJsonAsync("/api/resource-service/v1/project/podtato/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(webhook)) } } });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        var context = await TriggerAsync(bosun, appname: "podtato-kustomize");
        // A second project without a webhook.yaml delivers through Argo CD; by then the first task was looked at.
        await bosun.CreateProjectAsync("native", Shipyards.ArgoDelivery.Replace("argocd-native", "native", StringComparison.Ordinal), "helloservice");
        var other = new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "native", ["stage"] = "dev", ["service"] = "helloservice", ["labels"] = new JsonObject { ["version"] = "r1" }, ["deliver"] = new JsonObject { ["application"] = "native-app" } },
        };
        var otherContext = (await RunningServer.ReadAsync(await bosun.PostEventAsync(other.ToJsonString())))["keptnContext"]!.GetValue<string>();
        var delivered = await bosun.WaitForAsync("sh.keptn.event.deliver.finished", otherContext);
        Assert.Equal("pass", delivered["data"]!["result"]!.GetValue<string>());

        // The built-in webhook-service answered it, not the Argo CD integration.
        var started = await bosun.WaitForAsync("sh.keptn.event.deliver.started", context);
        Assert.Equal("webhook-service", started["source"]!.GetValue<string>());
        Assert.DoesNotContain(await bosun.EventsAsync("sh.keptn.event.deliver.started", context), e => e["source"]!.GetValue<string>() == "bosun-argocd");
        Assert.DoesNotContain(await bosun.EventsAsync("sh.keptn.event.deliver.finished", context), e => e["source"]!.GetValue<string>() == "bosun-argocd");
    }
}
