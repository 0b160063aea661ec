using System.Net;
using System.Text.Json.Nodes;
using Bosun.Server.Ui;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>A sequence's page (<c>/projects/{p}/sequences/{ctx}</c>): its timeline, events, control and inline approval.</summary>
public sealed class SequencePageTests : SignedInPageTests
{
    [Fact]
    public async Task AFinishedDelivery_ShowsItsTaskExecutorResultDeploymentUrlAndEvents()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "2.0");
        var task = (await Eventually.Until(() => Server.OpenAsync("deliver", "shop"), o => o.Count == 1, TimeSpan.FromSeconds(10), "the delivery runs"))[0]!;
        await Server.AnswerAsync(task, "pass", new JsonObject { ["deployment"] = new JsonObject { ["deploymentURIsPublic"] = new JsonArray("http://web.dev.example/") } });
        await Server.WaitForAsync("sh.keptn.event.dev.artifact-delivery.finished", context);
        var html = await PageAsync($"/projects/shop/sequences/{context}");
        Assert.Contains("<h1>artifact-delivery of web</h1>", html);
        Assert.Contains("state <strong class=\"state\" id=\"sequence-state\">finished</strong>", html);
        Assert.Contains("dev: artifact-delivery 2.0", html);
        var line = Between(html, "<li data-task=\"deliver\">", "</ol>");
        Assert.Contains("<strong>deliver</strong>:", line);
        Assert.Contains("<span class=\"state\">pass</span>", line);
        Assert.Contains("<td>executor</td>", line);
        Assert.Contains("deployed at <a href=\"http://web.dev.example/\" rel=\"noreferrer\">http://web.dev.example/</a>", line);
        Assert.Contains("<code>sh.keptn.event.deliver.finished</code> from executor", line);
        Assert.Contains("\"type\": \"sh.keptn.event.deliver.triggered\"", line);
        Assert.Contains("<code>sh.keptn.event.dev.artifact-delivery.finished</code>", html);
        Assert.DoesNotContain("value=\"abort\"", html);

        var triggeredId = task["id"]!.GetValue<string>();
        var download = await Browser.GetAsync($"/projects/shop/sequences/{context}/events/{triggeredId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(triggeredId, JsonNode.Parse(await download.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        Assert.Contains("has no event nope", await PageAsync($"/projects/shop/sequences/{context}/events/nope", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ASecondDeliveryOfTheService_IsQueuedBehindTheFirst()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var first = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "1");
        await Eventually.Until(async () => (await Server.OpenAsync("deliver", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the first delivery runs");
        var second = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "2");
        var html = await Eventually.Until(() => PageAsync($"/projects/shop/sequences/{second}"), h => h.Contains("Queued behind", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the second waits");
        Assert.Contains($"href=\"/projects/shop/sequences/{first}\">{first}</a>", Between(html, "class=\"banner\"", "</p>"));
        Assert.DoesNotContain("Queued", await PageAsync($"/projects/shop/sequences/{first}"));
    }

    [Fact]
    public async Task Abort_FromThePage_EndsTheSequence_AndAForgedOneChangesNothing()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "1");
        await Eventually.Until(async () => (await Server.OpenAsync("deliver", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var path = $"/projects/shop/sequences/{context}";
        var html = await PageAsync(path);
        Assert.Contains($"action=\"{path}/control\"", html);
        Assert.Contains("value=\"pause\">Pause</button>", html);
        Assert.DoesNotContain("value=\"resume\"", html);

        var forged = await Browser.PostFormAsync(path + "/control", ("state", "abort"));
        await RunningServer.ErrorAsync(forged, 400);
        var bad = await Browser.PostFormAsync(path + "/control", (UiSession.FormField, await Browser.FormTokenAsync(path)), ("state", "stop"));
        Assert.Contains("state must be pause, resume or abort", await RunningServer.ErrorAsync(bad, 400));
        Assert.Contains("id=\"sequence-state\">started</strong>", await PageAsync(path));

        var paused = await Browser.PostFormAsync(path + "/control", (UiSession.FormField, await Browser.FormTokenAsync(path)), ("state", "pause"));
        Assert.Equal((HttpStatusCode.Redirect, path), (paused.StatusCode, paused.Headers.Location!.OriginalString));
        Assert.Contains("value=\"resume\">Resume</button>", await PageAsync(path));
        var aborted = await Browser.PostFormAsync(path + "/control", (UiSession.FormField, await Browser.FormTokenAsync(path)), ("state", "abort"));
        Assert.Equal(HttpStatusCode.Redirect, aborted.StatusCode);
        var after = await PageAsync(path);
        Assert.Contains("id=\"sequence-state\">aborted</strong>", after);
        Assert.DoesNotContain("action=\"" + path + "/control\"", after);
        var unknown = await Browser.PostFormAsync("/projects/shop/sequences/nope/control", (UiSession.FormField, await Browser.FormTokenAsync(path)), ("state", "abort"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AWaitingApproval_IsAnsweredOnThePage_AndLandsBackOnIt()
    {
        await Server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        var context = await Server.TriggerAsync("gated", "dev", "delivery", "web", version: "3");
        var id = (await Eventually.Until(() => Server.OpenAsync("approval", "gated"), o => o.Count == 1, TimeSpan.FromSeconds(10), "the approval waits"))[0]!["id"]!.GetValue<string>();
        var path = $"/projects/gated/sequences/{context}";
        var html = await PageAsync(path);
        var form = Between(html, $"action=\"/approvals/{id}\"", "</form>");
        Assert.Contains($"name=\"return\" value=\"{path}\"", form);
        var answered = await Browser.PostFormAsync($"/approvals/{id}", (UiSession.FormField, await Browser.FormTokenAsync(path)), ("decision", "decline"), ("return", path), ("comment", "not today"));
        Assert.Equal((HttpStatusCode.Redirect, path), (answered.StatusCode, answered.Headers.Location!.OriginalString));
        var after = await PageAsync(path);
        Assert.DoesNotContain($"action=\"/approvals/{id}\"", after);
        Assert.Contains("declined by default: not today", after);
    }

    [Fact]
    public async Task AnUnknownContext_IsA404Page() =>
        Assert.Contains("has no sequence with keptnContext nope", await PageAsync("/projects/shop/sequences/nope", HttpStatusCode.NotFound));
}
