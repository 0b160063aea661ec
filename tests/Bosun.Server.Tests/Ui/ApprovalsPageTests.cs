using System.Net;
using Bosun.Server.Ui;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The approvals inbox (<c>/approvals</c>): open approvals, answered by a form POST that needs its anti-forgery token.</summary>
public sealed class ApprovalsPageTests : SignedInPageTests
{
    private async Task<string> WaitingAsync(string version)
    {
        await Server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        await Server.TriggerAsync("gated", "dev", "delivery", "web", version: version);
        var open = await Eventually.Until(() => Server.OpenAsync("approval", "gated"), o => o.Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        return open[0]!["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task NothingWaiting_SaysSo() =>
        Assert.Contains("Nothing waits for an approval.", await PageAsync("/approvals"));

    [Fact]
    public async Task AWaitingApproval_IsListed_AndApprovedFromTheInbox_WithWhoAndWhy()
    {
        var id = await WaitingAsync("3.1");
        var html = await PageAsync("/approvals");
        Assert.Contains("1 approval(s) waiting.", html);
        Assert.Contains(">3.1</a>", html);
        Assert.Contains($"action=\"/approvals/{id}\"", html);
        var answered = await Browser.PostFormAsync($"/approvals/{id}", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "approve"), ("comment", "ticket 7"));
        Assert.Equal((HttpStatusCode.Redirect, "/approvals"), (answered.StatusCode, answered.Headers.Location!.OriginalString));
        var finished = Assert.Single(await Server.EventsAsync("sh.keptn.event.approval.finished"));
        Assert.Equal(("pass", "approved by default: ticket 7"), (finished["data"]!["result"]!.GetValue<string>(), finished["data"]!["message"]!.GetValue<string>()));
        // DESIGN §8: the approval carries the name of the token that gave it.
        Assert.Equal("default", finished["data"]!["approval"]!["token"]!.GetValue<string>());
        Assert.Contains("Nothing waits for an approval.", await PageAsync("/approvals"));
        var again = await Browser.PostFormAsync($"/approvals/{id}", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "decline"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("was already answered", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }

    /// <summary>An evaluation (no SLI provider: the lighthouse passes it), then the approval, then the delivery.</summary>
    private const string GatedDelivery = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: gated }
        spec:
          stages:
            - name: prod
              sequences:
                - name: delivery
                  tasks:
                    - name: evaluation
                      properties: { timeframe: 5m }
                    - name: approval
                    - name: deliver
        """;

    [Fact]
    public async Task ManyWaiting_ShowTheVersionToDeployBesideTheDeployedOne_TheirEvaluationAndAge_PerProjectToo()
    {
        await Server.CreateProjectAsync("shop", GatedDelivery, "web", "api");
        await Server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        // web 1.0 goes through (approved, delivered), then web 2.0 and api 0.1 wait.
        var first = await Server.TriggerAsync("shop", "prod", "delivery", "web", version: "1.0");
        var approval = await Eventually.Until(() => Server.OpenAsync("approval", "shop"), o => o.Count == 1, TimeSpan.FromSeconds(10), "1.0 waits");
        await Browser.PostFormAsync($"/approvals/{approval[0]!["id"]}", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "approve"));
        var deliver = await Eventually.Until(() => Server.OpenAsync("deliver", "shop"), o => o.Count == 1, TimeSpan.FromSeconds(10), "1.0 is delivered");
        await Server.AnswerAsync(deliver[0]!);
        await Server.WaitForAsync("sh.keptn.event.prod.delivery.finished", first);
        await Server.TriggerAsync("shop", "prod", "delivery", "web", version: "2.0");
        await Server.TriggerAsync("shop", "prod", "delivery", "api", version: "0.1");
        await Server.TriggerAsync("gated", "dev", "delivery", "web", version: "9.9");
        await Eventually.Until(async () => (await Server.OpenAsync("approval", "shop")).Count + (await Server.OpenAsync("approval", "gated")).Count == 3, TimeSpan.FromSeconds(10), "three approvals wait");

        var all = await PageAsync("/approvals");
        Assert.Contains("3 approval(s) waiting.", all);
        var web = Between(all, ">2.0</a>", "</tr>");
        Assert.Contains("<td>1.0</td>", web);
        Assert.Contains(">pass, score 0</a>", web);
        Assert.Contains("in prod", web);
        Assert.Matches(@"class=""age"">\d+ s<", web);
        Assert.Contains("<td>nothing yet</td>", Between(all, ">0.1</a>", "</tr>"));
        Assert.Contains("<span class=\"muted\">none</span>", Between(all, ">9.9</a>", "</tr>"));

        var shop = await PageAsync("/approvals?project=shop");
        Assert.Contains("2 approval(s) waiting.", shop);
        Assert.DoesNotContain(">9.9</a>", shop);
        Assert.Contains("name=\"return\" value=\"/approvals?project=shop\"", shop);
        Assert.Contains("The project 'nope' does not exist", await PageAsync("/approvals?project=nope", HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task AForgedOrMalformedAnswer_ChangesNothing()
    {
        var id = await WaitingAsync("4.0");
        var forged = await Browser.PostFormAsync($"/approvals/{id}", ("decision", "approve"));
        await RunningServer.ErrorAsync(forged, 400);
        var bad = await Browser.PostFormAsync($"/approvals/{id}", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "maybe"));
        Assert.Contains("decision must be approve or decline", await RunningServer.ErrorAsync(bad, 400));
        var unknown = await Browser.PostFormAsync("/approvals/no-such-task", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "approve"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await Server.EventsAsync("sh.keptn.event.approval.finished"));
        Assert.Contains("1 approval(s) waiting.", await PageAsync("/approvals"));
    }
}
