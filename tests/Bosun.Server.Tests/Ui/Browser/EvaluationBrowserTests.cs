using System.Text.RegularExpressions;
using Bosun.Server.Tests.Evaluation;
using Microsoft.Playwright;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Ui.Browser;

/// <summary>The heatmap in a real headless Chromium: a column clicked opens its explain table, the compared one marked.</summary>
public sealed class EvaluationBrowserTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task EvaluateVersionAsync(string version, double responseTime)
    {
        var context = await EvaluateAsync(_server, new { timeframe = "5m", labels = new { version } });
        await ProvideAsync(_server, await OpenGetSliAsync(_server, context), ("response_time_p95", responseTime), ("throughput", 100), ("error_rate", 0));
        await FinishedAsync(_server, context);
    }

    [Fact]
    public async Task TheHeatmap_OpensAColumnsExplainTable_WhenItIsClicked()
    {
        await CreateAsync(_server, "my-sli-provider");
        await QualityGate.PutResourceAsync(_server, "slo.yaml", Slo);
        await EvaluateVersionAsync("1.0", 300);
        await EvaluateVersionAsync("1.1", 2000);
        await EvaluateVersionAsync("1.2", 320);
        var path = $"/projects/{Project}/services/{Service}/evaluations";
        var page = await chromium.SignedInPageAsync(_server, path);

        var heatmap = page.Locator("table.heatmap");
        Assert.Equal(["Objective", "1.0", "1.1", "1.2"], (await heatmap.Locator("thead th").AllInnerTextsAsync()).Select(t => t.Split('◆', '⊘')[0].Trim()));
        Assert.Equal("Evaluation 1.2: pass, score 100", await page.Locator("#explain-title").InnerTextAsync());
        Assert.Contains("compared", await heatmap.Locator("thead th").Nth(1).GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("svg.chart line[data-line]").CountAsync());

        await heatmap.GetByRole(AriaRole.Link, new() { Name = "1.1" }).ClickAsync();
        await Chromium.ArrivesAsync(page, new Regex("explain="));
        Assert.StartsWith("Evaluation 1.1: fail", await page.Locator("#explain-title").InnerTextAsync(), StringComparison.Ordinal);
        var responseTime = page.Locator("table.explain tbody tr").Filter(new() { HasText = "response_time_p95" });
        Assert.Equal(["response_time_p95", "2000", "300"], (await responseTime.Locator("th, td").AllInnerTextsAsync()).Take(3));
        Assert.Contains("fail", await responseTime.Locator("td").Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await heatmap.GetByRole(AriaRole.Link, new() { Name = "1.1" }).GetAttributeAsync("aria-current"));
        await Chromium.ScreenshotAsync(page, "evaluations-explain");
    }
}
