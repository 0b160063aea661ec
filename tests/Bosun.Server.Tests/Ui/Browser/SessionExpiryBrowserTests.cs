using System.Text.RegularExpressions;
using Bosun.Server.Ui;
using Bosun.TestKit;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>An expired session in a real headless Chromium: pages send it to sign in and back, its forms change nothing.</summary>
public sealed class SessionExpiryBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(time: _time);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task AnExpiredSession_IsSentToSignIn_ItsFormIsRefused_AndSigningInAgainComesBack()
    {
        await _server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        await _server.TriggerAsync("gated", "dev", "delivery", "web", version: "5.0");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "gated")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var page = await chromium.SignedInPageAsync(_server, "/approvals");
        Assert.Equal("5.0", await page.GetByRole(AriaRole.Link, new() { Name = "5.0" }).InnerTextAsync());

        _time.Advance(UiSession.Lifetime + TimeSpan.FromMinutes(1));
        // The page still shows the form; sending it after the session ended answers 401 and approves nothing.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(401, response.Status);
        Assert.Contains("the session has expired", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Single(await _server.OpenAsync("approval", "gated"));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.approval.finished"));

        await page.GotoAsync("/approvals");
        Assert.Contains("/login?return=%2Fapprovals", page.Url, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "session-expired");
        await page.GetByLabel("API token").FillAsync(RunningServer.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Chromium.ArrivesAsync(page, new Regex("/approvals$"));
        Assert.Equal("5.0", await page.GetByRole(AriaRole.Link, new() { Name = "5.0" }).InnerTextAsync());
    }
}
