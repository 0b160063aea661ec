using System.Net;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>A service's history (<c>/projects/{p}/services/{s}</c>): deliveries by version across stages, the superseded ones folded.</summary>
public sealed partial class ServiceHistoryPageTests : SignedInPageTests
{
    /// <summary>Delivers <paramref name="version"/> to dev, the test answering its deliver task with <paramref name="result"/> (none: left running).</summary>
    private async Task<string> DeliverAsync(string version, string? result)
    {
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version);
        var task = await Eventually.Found(async () => (await Server.OpenAsync("deliver", "shop")).FirstOrDefault(t => t?["shkeptncontext"]?.GetValue<string>() == context), TimeSpan.FromSeconds(10), $"the delivery of {version} runs");
        if (result is not null)
        {
            await Server.AnswerAsync(task, result);
            await Server.WaitForAsync("sh.keptn.event.dev.artifact-delivery.finished", context);
        }
        return context;
    }

    private static List<string> Versions(string html) => [.. VersionRowRegex().Matches(html).Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task NoDeliveries_SaysHowToStartOne_AndLinksEachStagesEvaluations()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var html = await PageAsync("/projects/shop/services/web");
        Assert.Contains("No version of web was delivered yet", html);
        Assert.Contains("bosun trigger delivery --project shop --service web --version VERSION", html);
        Assert.Contains("href=\"/projects/shop/services/web/evaluations?stage=dev\"", html);
        Assert.DoesNotContain("<details>", html);
    }

    [Fact]
    public async Task OneDelivery_IsARowWithItsStage_DeployedNow()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var context = await DeliverAsync("1.0", "pass");
        var html = await PageAsync("/projects/shop/services/web");
        Assert.Equal(["1.0"], Versions(html));
        var row = Between(html, "data-version=\"1.0\"", "</tr>");
        Assert.Contains("✓ deployed now", row);
        Assert.Contains($"href=\"/projects/shop/sequences/{context}\">artifact-delivery</a>", row);
        Assert.Contains("finished", row);
    }

    [Fact]
    public async Task ManyVersions_NewestFirst_TheSupersededFolded_AFailedNewerOneKept()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        await DeliverAsync("1.0", "pass");
        await DeliverAsync("1.0", "pass");
        await DeliverAsync("1.1", "pass");
        await DeliverAsync("1.2", "pass");
        await DeliverAsync("1.3", "fail");
        await DeliverAsync("1.4", null);
        var html = await PageAsync("/projects/shop/services/web");
        var at = html.IndexOf("<details>", StringComparison.Ordinal);
        Assert.True(at > 0, html);
        Assert.Equal(["1.4", "1.3", "1.2"], Versions(html[..at]));
        Assert.Equal(["1.1", "1.0"], Versions(html[at..]));
        Assert.Contains("2 superseded version(s)", html);
        Assert.Contains("✓ deployed now", Between(html, "data-version=\"1.2\"", "</tr>"));
        Assert.Contains("started", Between(html, "data-version=\"1.4\"", "</tr>"));
        Assert.Contains("2 runs", Between(html, "data-version=\"1.0\"", "</tr>"));
        Assert.DoesNotContain("deployed now", Between(html, "data-version=\"1.3\"", "</tr>"));
    }

    [Fact]
    public async Task AnUnknownService_IsA404Page()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        Assert.Contains("has no service 'api'", await PageAsync("/projects/shop/services/api", HttpStatusCode.NotFound));
    }

    [GeneratedRegex(@"<tr data-version=""([^""]+)"">")]
    private static partial Regex VersionRowRegex();
}
