using System.Text.RegularExpressions;
using Bosun.TestKit;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>Signing in and out in a real headless Chromium, and a forged form refused.</summary>
public sealed class SignInBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Client.BaseAddress!.ToString() });
        return await context.NewPageAsync();
    }

    /// <summary>Fills the sign-in form as a person would.</summary>
    private static async Task SubmitTokenAsync(IPage page, string token)
    {
        await page.GetByLabel("API token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    [Fact]
    public async Task SignIn_ThenTheProjects_ThenAnEnvironment_ThenSignOut()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        Assert.EndsWith("/login?return=%2F", page.Url, StringComparison.Ordinal);
        await SubmitTokenAsync(page, RunningServer.Token);
        await Chromium.ArrivesAsync(page, new Regex("/$"));
        Assert.Equal("Projects", await page.Locator("h1").TextContentAsync());
        Assert.Equal("podtato", await page.GetByRole(AriaRole.Link, new() { Name = "podtato" }).TextContentAsync());
        await Chromium.ScreenshotAsync(page, "projects");

        await page.GetByRole(AriaRole.Link, new() { Name = "podtato" }).ClickAsync();
        await Chromium.ArrivesAsync(page, new Regex("/projects/podtato$"));
        Assert.Equal(["Service", "dev\nrollback after dev.delivery", "prod\ndelivery after dev.delivery", "canary\ndelivery after dev.delivery"],
            (await page.Locator("thead th").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("web", await page.Locator("tbody th").InnerTextAsync());
        await Chromium.ScreenshotAsync(page, "environment");
        await page.GoBackAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Chromium.ArrivesAsync(page, new Regex("/login"));
        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongToken_ShowsTheError_AndStaysSignedOut()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await SubmitTokenAsync(page, "not-the-token");
        Assert.Equal("That token is not valid.", await page.GetByRole(AriaRole.Alert).TextContentAsync());
        await Chromium.ScreenshotAsync(page, "wrong-token");
        await page.GotoAsync("/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiForgeryToken_IsRefused_AndTheSessionStays()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/login");
        await SubmitTokenAsync(page, RunningServer.Token);
        await Chromium.ArrivesAsync(page, new Regex("/$"));
        // A page that strips the hidden field, as a forged form from elsewhere would lack it.
        await page.Locator("input[name=__bosun_csrf]").EvaluateAsync("e => e.remove()");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync(), r => r.Url.EndsWith("/logout", StringComparison.Ordinal));
        Assert.Equal(400, response.Status);
        Assert.Contains("anti-forgery token", await response.TextAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "forged-post-refused");
        await page.GotoAsync("/");
        Assert.Equal("Projects", await page.Locator("h1").TextContentAsync());
    }
}
