using System.Text.RegularExpressions;
using Bosun.TestKit;
using Microsoft.Playwright;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>Following a delivery live, aborting a sequence and filtering the sequence list, in a real headless Chromium.</summary>
public sealed class SequenceBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("shop", Shipyards.DevThenProd, "web", "api");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task AnswerAsync(string stage)
    {
        var open = await Eventually.Until(() => _server.OpenAsync("deliver", "shop"), o => o.Any(t => t!["data"]!["stage"]!.GetValue<string>() == stage),
            TimeSpan.FromSeconds(10), $"the {stage} delivery waits");
        await _server.AnswerAsync(open.First(t => t!["data"]!["stage"]!.GetValue<string>() == stage)!);
    }

    private static ILocator WebCell(IPage environment, string stage) =>
        environment.Locator("tbody tr", new() { Has = environment.GetByRole(AriaRole.Link, new() { Name = "web", Exact = true }) }).Locator($"td[data-stage={stage}]");

    [Fact]
    public async Task ADelivery_IsFollowedLive_FromTriggerToFinish_WithoutAReload()
    {
        var context = await _server.TriggerAsync("shop", "dev", "delivery", "web", version: "1.0");
        var sequence = await chromium.SignedInPageAsync(_server, $"/projects/shop/sequences/{context}");
        var environment = await sequence.Context.NewPageAsync();
        await environment.GotoAsync("/projects/shop");
        foreach (var page in new[] { sequence, environment })
        {
            await page.EvaluateAsync("window.__sameDocument = true");
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        }
        await Assertions.Expect(sequence.Locator("#sequence-state")).ToHaveTextAsync("started", Soon);

        await AnswerAsync("dev");
        await Assertions.Expect(sequence.Locator("li[data-task=deliver] .state").First).ToHaveTextAsync("pass", Soon);
        await Assertions.Expect(sequence.GetByRole(AriaRole.Heading, new() { Name = "prod: delivery 1.0" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(WebCell(environment, "dev")).ToContainTextAsync("deployed: 1.0", new() { Timeout = 10_000 });

        await AnswerAsync("prod");
        await Assertions.Expect(sequence.Locator("#sequence-state")).ToHaveTextAsync("finished", Soon);
        await Assertions.Expect(WebCell(environment, "prod")).ToContainTextAsync("deployed: 1.0", new() { Timeout = 10_000 });
        foreach (var page in new[] { sequence, environment })
        {
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was patched in place, not reloaded");
            await Assertions.Expect(page.Locator("#live-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^updated "));
        }
        await Chromium.ScreenshotAsync(sequence, "sequence-live");
        await Chromium.ScreenshotAsync(environment, "environment-live");
    }

    [Fact]
    public async Task ARunningSequence_IsAbortedFromItsPage()
    {
        var context = await _server.TriggerAsync("shop", "dev", "delivery", "web", version: "2.0");
        await Eventually.Until(async () => (await _server.OpenAsync("deliver", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var page = await chromium.SignedInPageAsync(_server, $"/projects/shop/sequences/{context}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Abort" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sequence-state")).ToHaveTextAsync("aborted", Soon);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Abort" })).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "sequence-aborted");
        await _server.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
    }

    [Fact]
    public async Task TheSequenceList_IsFiltered_AndAReloadKeepsTheFilter()
    {
        await _server.TriggerAsync("shop", "dev", "delivery", "web", version: "3.0");
        await _server.TriggerAsync("shop", "dev", "delivery", "api", version: "7.0");
        await Eventually.Until(async () => (await _server.OpenAsync("deliver", "shop")).Count == 2, TimeSpan.FromSeconds(10), "both deliveries run");
        var page = await chromium.SignedInPageAsync(_server, "/projects/shop/sequences");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        await page.GetByLabel("Service").SelectOptionAsync("api");
        await page.GetByLabel("Labels (key=value, …)").FillAsync("version=7.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Chromium.ArrivesAsync(page, new Regex("service=api"));
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tbody tr td").Nth(4)).ToHaveTextAsync("7.0");
        await Assertions.Expect(page.GetByLabel("Service")).ToHaveValueAsync("api");
        await Assertions.Expect(page.GetByLabel("Labels (key=value, …)")).ToHaveValueAsync("version=7.0");
        await Chromium.ScreenshotAsync(page, "sequences-filtered");
    }
}
