using System.Net;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>
/// <c>/ui/live</c>: a signed-in page's server-sent-event stream of event heads, its ids the store's <c>seq</c>, resumed
/// with <c>Last-Event-ID</c>, narrowed to a project (approval events always pass, for the header's count).
/// </summary>
public sealed class LiveStreamTests : SignedInPageTests
{
    private async Task<SseReader> OpenAsync(string query, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/ui/live?" + query);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var stream = await SseReader.OpenAsync(Browser.Client, request);
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        await stream.NextAsync("hello");
        return stream;
    }

    [Fact]
    public async Task AStoredEvent_ReachesTheStream_WithItsSeqAsId_AndOtherProjectsStayOut()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        await Server.CreateProjectAsync("other", Shipyards.Approval, "web");
        var html = await PageAsync("/projects/shop");
        var after = Between(html, "data-live=\"/ui/live?after=", "&").Split('=')[^1];
        using var stream = await OpenAsync($"after={after}&project=shop");
        await Server.TriggerAsync("other", "dev", "delivery", "web", version: "1");
        var approval = await stream.NextAsync("keptn");
        Assert.Equal(("other", "sh.keptn.event.approval.triggered"), (approval.Data!["project"]!.GetValue<string>(), approval.Data["type"]!.GetValue<string>()));
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "2");
        var (id, data) = await stream.NextAsync("keptn");
        while (data!["project"]!.GetValue<string>() != "shop")
        {
            Assert.StartsWith("sh.keptn.event.approval.", data["type"]!.GetValue<string>());
            (id, data) = await stream.NextAsync("keptn");
        }
        Assert.Equal(("shop", context, "sh.keptn.event.dev.artifact-delivery.triggered"),
            (data!["project"]!.GetValue<string>(), data["keptnContext"]!.GetValue<string>(), data["type"]!.GetValue<string>()));
        Assert.Equal(data["seq"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture), id);
        Assert.True(long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(after, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task AReconnect_WithLastEventId_ReplaysWhatWasStoredMeanwhile()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        string firstId;
        using (var stream = await OpenAsync("after=0&project=shop"))
        {
            firstId = (await stream.NextAsync("keptn")).Id!;
        }
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "3");
        using var again = await OpenAsync("after=0&project=shop", lastEventId: firstId);
        var seen = new List<string>();
        while (!seen.Contains("sh.keptn.event.dev.artifact-delivery.triggered"))
        {
            var (id, data) = await again.NextAsync("keptn");
            Assert.True(long.Parse(id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(firstId, System.Globalization.CultureInfo.InvariantCulture));
            seen.Add(data!["type"]!.GetValue<string>());
        }
        Assert.DoesNotContain("sh.keptn.event.project.create.started", seen);
        using var narrowed = await OpenAsync($"after={firstId}&keptnContext={context}");
        Assert.Equal(context, (await narrowed.NextAsync("keptn")).Data!["keptnContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoSession_Is401_AndABadAfterIs400()
    {
        var anonymous = await Server.Anonymous.GetAsync("/ui/live?after=0");
        Assert.Contains("not signed in", await RunningServer.ErrorAsync(anonymous, 401));
        var bad = await Browser.GetAsync("/ui/live?after=yesterday");
        Assert.Contains("after (or the Last-Event-ID header)", await RunningServer.ErrorAsync(bad, 400));
        var missing = await Browser.GetAsync("/ui/live");
        await RunningServer.ErrorAsync(missing, 400);
    }
}
