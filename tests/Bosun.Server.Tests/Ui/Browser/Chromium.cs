using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>
/// One headless Debian Chromium (<c>/usr/bin/chromium</c>, installed by eng/test.sh) driven by Playwright, shared by a
/// test class. Playwright's own browser download cannot be reached here, so the executable is given; the flags keep
/// Chromium off the network it would otherwise call at start.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string Executable = "/usr/bin/chromium";
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>A new browser context (its own cookies) on <paramref name="server"/>, signed in through the form, on <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInPageAsync(RunningServer server, string path)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Client.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel("API token").FillAsync(RunningServer.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArrivesAsync(page, new Regex("^https?://[^/]+" + Regex.Escape(path) + "$"));
        return page;
    }

    /// <summary>
    /// Waits until the page's address matches <paramref name="url"/> and its document has loaded. Not Playwright's
    /// WaitForURLAsync: when the address already matches it checks the load state, then subscribes to the load event,
    /// and loses one that fires in between, so it times out on a loaded page (microsoft/playwright-dotnet#3364). Both
    /// waits here poll in the browser, so none can miss what it waits for.
    /// </summary>
    public static async Task ArrivesAsync(IPage page, Regex url)
    {
        await Assertions.Expect(page).ToHaveURLAsync(url, new() { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 30_000 });
    }

    /// <summary>Saves the page as a PNG under the test results (TestResults/screenshots next to the test binary) for a reviewer.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
