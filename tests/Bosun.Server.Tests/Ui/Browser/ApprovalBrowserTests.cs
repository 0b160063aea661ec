using Bosun.TestKit;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>Approving a waiting approval from the inbox, in a real headless Chromium.</summary>
public sealed class ApprovalBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task AnApproval_IsApprovedFromTheInbox_AndTheSequenceGoesOn()
    {
        await _server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        var context = await _server.TriggerAsync("gated", "dev", "delivery", "web", version: "5.0");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "gated")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var page = await chromium.SignedInPageAsync(_server, "/approvals");
        Assert.Equal("5.0", await page.GetByRole(AriaRole.Link, new() { Name = "5.0" }).InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "approvals");
        await page.GetByLabel("Comment").FillAsync("looks good");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await page.GetByText("Nothing waits for an approval.").WaitForAsync();
        var finished = await _server.WaitForAsync("sh.keptn.event.approval.finished", context);
        Assert.Equal("approved by default: looks good", finished["data"]!["message"]!.GetValue<string>());
    }
}
