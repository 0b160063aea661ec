using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The projects page (<c>/</c>): empty, one and many projects, with what runs and waits.</summary>
public sealed partial class ProjectsPageTests : SignedInPageTests
{
    private Task<string> PageAsync() => PageAsync("/");

    [Fact]
    public async Task NoProjects_ShowsHowToCreateOne()
    {
        var html = await PageAsync();
        Assert.Contains("There are no projects yet", html);
        Assert.Contains("bosun create project shop --shipyard shipyard.yaml", html);
        Assert.DoesNotContain("<table>", html);
    }

    [Fact]
    public async Task OneProject_ShowsItsStagesServices_AndItsRunningSequence()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web", "api");
        var context = await Server.TriggerAsync("podtato", "dev", "delivery", "web", version: "1.0");
        await Eventually.Until(async () => (await Server.OpenAsync("deployment", "podtato")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var html = await PageAsync();
        var row = Row(html, "podtato");
        Assert.Contains("dev → prod → canary", row);
        Assert.Contains("api, web", row);
        Assert.Matches("<td>1</td>\\s*<td>0</td>\\s*<td>0</td>", row);
        Assert.Contains($"href=\"/projects/podtato/sequences/{context}\">delivery</a>", row);
        Assert.Contains("<span class=\"state\">started</span>", row);
    }

    [Fact]
    public async Task ManyProjects_EachHaveTheirRow_AndAWaitingApprovalIsCounted()
    {
        for (var i = 0; i < 12; i++)
        {
            await Server.CreateProjectAsync($"p{i:00}", Shipyards.Minimal, "web");
        }
        await Server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        await Server.TriggerAsync("gated", "dev", "delivery", "web", version: "2");
        await Eventually.Until(async () => (await Server.OpenAsync("approval", "gated")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var failed = await Server.TriggerAsync("p03", "dev", "artifact-delivery", "web", version: "9");
        var deliver = await Eventually.Until(() => Server.OpenAsync("deliver", "p03"), o => o.Count == 1, TimeSpan.FromSeconds(10), "p03 delivers");
        await Server.AnswerAsync(deliver[0]!, "fail");
        await Server.WaitForAsync("sh.keptn.event.dev.artifact-delivery.finished", failed);
        var html = await PageAsync();
        Assert.Equal(13, ProjectLink().Matches(html).Count);
        Assert.Matches("<td>0</td>\\s*<td>1</td>\\s*<td>0</td>", Row(html, "gated"));
        Assert.Contains("<a href=\"/projects/p03/sequences?result=fail\">1</a>", Row(html, "p03"));
        Assert.Contains("none yet", Row(html, "p07"));
    }

    private static string Row(string html, string project) => Between(html, $"<td><a href=\"/projects/{project}\">", "</tr>");

    [GeneratedRegex("<td><a href=\"/projects/[^\"/]+\">")]
    private static partial Regex ProjectLink();
}
