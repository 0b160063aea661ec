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
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == path);
        return page;
    }

    /// <summary>Saves the page as a PNG under the test results (TestResults/screenshots next to the test binary) for a reviewer.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
