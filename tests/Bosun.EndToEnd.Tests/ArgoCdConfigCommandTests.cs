using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Notifications;
using Bosun.Core.Templating;
using Bosun.Core.Yaml;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary><c>bosun argocd config</c> against a real server; its output parsed back and its templates rendered.</summary>
public sealed class ArgoCdConfigCommandTests : IDisposable
{
    private const string Token = "cfg-token";
    private readonly TempDirectory _dir = new("bosun-cfg");

    public void Dispose() => _dir.Dispose();

    private static JsonObject App(JsonArray info) => new()
    {
        ["app"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "podtato-kustomize", ["labels"] = new JsonObject { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" } },
            ["spec"] = new JsonObject { ["source"] = new JsonObject { ["repoURL"] = "https://git.example.com/podtato.git" } },
            ["status"] = new JsonObject
            {
                ["sync"] = new JsonObject { ["status"] = "Synced", ["revision"] = "r2" },
                ["operationState"] = new JsonObject { ["operation"] = new JsonObject { ["info"] = info }, ["syncResult"] = new JsonObject { ["revision"] = "r2" } },
            },
        },
    };

    [Fact]
    public async Task Config_PrintsCorrectedTemplatesThatRenderToValidJson()
    {
        await using var bosun = await BosunProcess.ServeAsync(_dir.Combine("data"), Token);
        using var client = bosun.Client(Token);
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "podtato", shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(Shipyards.Minimal.Replace("artifact-delivery", "kickoff", StringComparison.Ordinal))) })).EnsureSuccessStatusCode();

        await using var cli = await BosunProcess.StartAsync(["argocd", "config", "--server", bosun.Address.ToString(), "--token", Token, "--project", "podtato"], waitForListening: false);
        Assert.Equal(0, await cli.WaitForExitAsync());
        Assert.DoesNotContain(Token, cli.Output);
        var documents = cli.Output.Split("\n---\n");
        var config = NotificationsConfig.Parse(documents[0], new Dictionary<string, string> { ["bosun-api-token"] = Token });
        Assert.Equal(new Uri(bosun.Address, "api/v1/event").ToString(), config.Services["bosun"].Url);
        Assert.Equal(("x-token", Token), config.Services["bosun"].Headers[0]);
        Assert.All(config.Triggers.Values, conditions => Assert.NotNull(conditions[0].OncePer));

        var outOfSync = JsonNode.Parse(GoTemplate.Parse(config.Templates["keptn-outofsync"]["bosun"].Body).Render(App([])))!;
        Assert.Equal("sh.keptn.event.dev.kickoff.triggered", outOfSync["type"]!.GetValue<string>());
        var withInfos = JsonNode.Parse(GoTemplate.Parse(config.Templates["keptn-deployed"]["bosun"].Body).Render(App(
            [new JsonObject { ["name"] = "triggeredid", ["value"] = "t-1" }, new JsonObject { ["name"] = "shkeptncontext", ["value"] = "c-1" }])))!;
        Assert.Equal(("t-1", "succeeded"), (withInfos["triggeredid"]!.GetValue<string>(), withInfos["data"]!["status"]!.GetValue<string>()));
        // Without infos the corrected template is still valid JSON (the original left a trailing comma).
        var withoutInfos = JsonNode.Parse(GoTemplate.Parse(config.Templates["keptn-deployed"]["bosun"].Body).Render(App([])))!;
        Assert.Null(withoutInfos["triggeredid"]);
        Assert.Equal("apiKey", YamlDocument.Parse(documents[1])!["data"]!["accounts.bosun"]!.GetValue<string>());
    }

    [Fact]
    public async Task Config_WrongTokenUnknownProjectOrServerDown_ExitWithNamedCodes()
    {
        await using var bosun = await BosunProcess.ServeAsync(_dir.Combine("data"), Token);
        async Task<(int Exit, string Output)> Run(params string[] args)
        {
            await using var cli = await BosunProcess.StartAsync(["argocd", "config", .. args], waitForListening: false);
            return (await cli.WaitForExitAsync(), cli.Output);
        }
        var wrongToken = await Run("--server", bosun.Address.ToString(), "--token", "nope", "--project", "podtato");
        Assert.Equal(4, wrongToken.Exit);
        Assert.Contains("refused the token", wrongToken.Output);
        var unknown = await Run("--server", bosun.Address.ToString(), "--token", Token, "--project", "ghost");
        Assert.Equal(3, unknown.Exit);
        Assert.Contains("project 'ghost' does not exist", unknown.Output);
        var down = await Run("--server", "http://127.0.0.1:9", "--token", Token, "--project", "podtato");
        Assert.Equal(5, down.Exit);
        Assert.Contains("cannot reach Bosun", down.Output);
        var missing = await Run("--server", bosun.Address.ToString());
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("--project", missing.Output);
        Assert.DoesNotContain("   at ", wrongToken.Output + unknown.Output + down.Output + missing.Output);
    }
}
