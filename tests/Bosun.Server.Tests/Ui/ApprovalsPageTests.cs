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
        Assert.Equal(("pass", "approved by api-token: ticket 7"), (finished["data"]!["result"]!.GetValue<string>(), finished["data"]!["message"]!.GetValue<string>()));
        Assert.Contains("Nothing waits for an approval.", await PageAsync("/approvals"));
        var again = await Browser.PostFormAsync($"/approvals/{id}", (UiSession.FormField, await Browser.FormTokenAsync("/approvals")), ("decision", "decline"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("was already answered", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
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
