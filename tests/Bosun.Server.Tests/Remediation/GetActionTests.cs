using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

using Bosun.TestKit;

namespace Bosun.Server.Tests.Remediation;

/// <summary>The built-in remediation-service answering get-action inside Keptn's documented remediation sequence.</summary>
public sealed class GetActionTests : IAsyncLifetime
{
    private const string Shipyard = Shipyards.Remediation;

    private const string Remediation = """
        apiVersion: spec.keptn.sh/0.1.4
        kind: Remediation
        metadata: {name: carts}
        spec:
          remediations:
            - problemType: Response time degradation
              actionsOnOpen:
                - {name: Scale up, action: scaling, description: add a replica, value: 1}
                - {name: Roll back, action: rollback, description: previous revision}
        """;

    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("heal", Shipyard, "carts", "web");
        await _server.PutResourceAsync("heal", "production", "carts", "remediation.yaml", Remediation);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> ProblemAsync(string service, int? actionIndex = null, string title = "Response time degradation")
    {
        var data = new JsonObject
        {
            ["project"] = "heal",
            ["stage"] = "production",
            ["service"] = service,
            ["problem"] = new JsonObject { ["problemTitle"] = title, ["rootCause"] = "" },
        };
        if (actionIndex is { } index)
        {
            data["get-action"] = new JsonObject { ["actionIndex"] = index };
        }
        var evt = new JsonObject { ["type"] = "sh.keptn.event.production.remediation.triggered", ["source"] = "alerts", ["data"] = data };
        return (await RunningServer.ReadAsync(await _server.PostEventAsync(evt.ToJsonString())))["keptnContext"]!.GetValue<string>();
    }

    [Theory]
    [InlineData(null, "scaling", 1)]
    [InlineData(1, "rollback", 2)]
    public async Task TheActionAtTheIndex_GoesToTheActionTask_WithTheNextIndex(int? index, string action, int next)
    {
        var context = await ProblemAsync("carts", index);
        var finished = await _server.WaitForAsync("sh.keptn.event.get-action.finished", context);
        Assert.Equal("remediation-service", finished["source"]!.GetValue<string>());
        Assert.Equal(next, finished["data"]!["get-action"]!["actionIndex"]!.GetValue<int>());
        var triggered = await _server.WaitForAsync("sh.keptn.event.action.triggered", context);
        Assert.Equal(action, triggered["data"]!["action"]!["action"]!.GetValue<string>());
        Assert.Equal("Response time degradation", triggered["data"]!["problem"]!["problemTitle"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoFurtherAction_FailsTheRemediation()
    {
        var context = await ProblemAsync("carts", 2);
        var finished = await _server.WaitForAsync("sh.keptn.event.get-action.finished", context);
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        Assert.Equal("there is no action with index 2 for problem title Response time degradation", finished["data"]!["message"]!.GetValue<string>());
        var sequence = await _server.WaitForAsync("sh.keptn.event.production.remediation.finished", context);
        Assert.Equal("fail", sequence["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoActionForTheProblem_FailsNamingIt()
    {
        var context = await ProblemAsync("carts", title: "Disk full");
        var finished = await _server.WaitForAsync("sh.keptn.event.get-action.finished", context);
        Assert.Equal(("succeeded", "fail"), (finished["data"]!["status"]!.GetValue<string>(), finished["data"]!["result"]!.GetValue<string>()));
        Assert.Equal("unable to find action for problem title Disk full", finished["data"]!["message"]!.GetValue<string>());
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.action.triggered", context));
    }

    [Fact]
    public async Task NoRemediationFile_IsErroredNamingTheService()
    {
        var context = await ProblemAsync("web");
        var finished = await _server.WaitForAsync("sh.keptn.event.get-action.finished", context);
        Assert.Equal("errored", finished["data"]!["status"]!.GetValue<string>());
        Assert.Equal("Could not get remediation.yaml file for services web in stage production.", finished["data"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("apiVersion: spec.keptn.sh/0.1.3\nkind: Remediation\nspec: {remediations: [{problemType: a, actionsOnOpen: [{action: b}]}]}", "does not conform to remediation spec spec.keptn.sh/0.1.4")]
    [InlineData("apiVersion: spec.keptn.sh/0.1.4\nkind: Remediation\nspec: {remediations: [{problemType: a, actionsOnOpen: []}]}", "spec.remediations[0].actionsOnOpen has no actions")]
    public async Task UnusableRemediationFile_IsRefusedOnUpload_AndTheOldOneStays(string yaml, string message)
    {
        var path = "/api/resource-service/v1/project/heal/stage/production/service/carts/resource/remediation.yaml";
        var refused = await _server.Client.PutAsJsonAsync(path, new { resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(yaml)) });
        Assert.Contains(message, await RunningServer.ErrorAsync(refused, 400));
        var kept = await RunningServer.ReadAsync(await _server.Client.GetAsync(path));
        Assert.Equal(Remediation, Encoding.UTF8.GetString(Convert.FromBase64String(kept["resourceContent"]!.GetValue<string>())));
    }
}
