using System.Net;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The project's DORA page (<c>/projects/{p}/dora</c>): the last 30 days' four figures and the weekly trend.</summary>
public sealed partial class DoraPageTests : SignedInPageTests
{
    private async Task DeliverAsync(string service, string version, string result)
    {
        var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", service, version);
        var task = await Eventually.Found(async () => (await Server.OpenAsync("deliver", "shop")).FirstOrDefault(t => t?["shkeptncontext"]?.GetValue<string>() == context), TimeSpan.FromSeconds(10), $"{version} is delivered");
        await Server.AnswerAsync(task, result);
        await Server.WaitForAsync("sh.keptn.event.dev.artifact-delivery.finished", context);
    }

    private static string Figure(string html, string name) => Regex.Replace(Between(html, $"data-figure=\"{name}\">", "</dd>"), "<[^>]+>", "")[$"data-figure=\"{name}\">".Length..];

    [Fact]
    public async Task NoDeployments_ShowNoneAndDashes_ForEightWeeks()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var html = await PageAsync("/projects/shop/dora");
        Assert.Contains("shop: DORA metrics of dev", html);
        Assert.StartsWith("0 deployment(s), 0 a day", Figure(html, "frequency"));
        Assert.StartsWith("–", Figure(html, "failure"));
        Assert.Equal(8, WeekRow().Matches(Between(html, "<table class=\"dora-weeks\">", "</table>")).Count);
    }

    [Fact]
    public async Task Deliveries_AreCounted_ForTheProjectAndOneService_AndTheWeekShowsThem()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web", "api");
        await DeliverAsync("web", "1.0", "pass");
        await DeliverAsync("api", "0.1", "pass");
        await DeliverAsync("web", "1.1", "fail");
        var html = await PageAsync("/projects/shop/dora");
        Assert.StartsWith("2 deployment(s), 0.07 a day", Figure(html, "frequency"));
        Assert.Contains("(0 of 2)", Figure(html, "failure"));
        var weeks = Between(html, "<tbody>", "</tbody>");
        Assert.Contains("</span> 2</td>", weeks[weeks.LastIndexOf("<tr>", StringComparison.Ordinal)..]);
        var web = await PageAsync("/projects/shop/dora?service=web&stage=dev");
        Assert.StartsWith("1 deployment(s)", Figure(web, "frequency"));
    }

    [Fact]
    public async Task ABadStageOrService_IsRefused()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        Assert.Contains("stage 'qa' is not a stage of the project (dev)", await PageAsync("/projects/shop/dora?stage=qa", HttpStatusCode.BadRequest));
        Assert.Contains("has no service 'nope'", await PageAsync("/projects/shop/dora?service=nope", HttpStatusCode.NotFound));
        Assert.Contains("The project 'nope' does not exist", await PageAsync("/projects/nope/dora", HttpStatusCode.NotFound));
    }

    [GeneratedRegex("<tr><th scope=\"row\">")]
    private static partial Regex WeekRow();
}
