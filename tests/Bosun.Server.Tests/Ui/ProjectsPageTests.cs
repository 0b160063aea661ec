using System.Net;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The projects page (<c>/</c>): empty, one and many projects, with what runs and waits.</summary>
public sealed partial class ProjectsPageTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private UiBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _browser = new UiBrowser(_server);
        await _browser.SignInAsync();
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private async Task<string> PageAsync()
    {
        var response = await _browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

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
        await _server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web", "api");
        var context = await _server.TriggerAsync("podtato", "dev", "delivery", "web", version: "1.0");
        await Eventually.Until(async () => (await _server.OpenAsync("deployment", "podtato")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var html = await PageAsync();
        var row = Row(html, "podtato");
        Assert.Contains("dev → prod → canary", WebUtility.HtmlDecode(row));
        Assert.Contains("api, web", row);
        Assert.Matches("<td>1</td>\\s*<td>0</td>", row);
        Assert.Contains($"href=\"/projects/podtato/sequences/{context}\">delivery</a>", row);
        Assert.Contains("<span class=\"state\">started</span>", row);
    }

    [Fact]
    public async Task ManyProjects_EachHaveTheirRow_AndAWaitingApprovalIsCounted()
    {
        for (var i = 0; i < 12; i++)
        {
            await _server.CreateProjectAsync($"p{i:00}", Shipyards.Minimal, "web");
        }
        await _server.CreateProjectAsync("gated", Shipyards.Approval, "web");
        await _server.TriggerAsync("gated", "dev", "delivery", "web", version: "2");
        await Eventually.Until(async () => (await _server.OpenAsync("approval", "gated")).Count == 1, TimeSpan.FromSeconds(10), "the approval waits");
        var html = await PageAsync();
        Assert.Equal(13, ProjectLink().Matches(html).Count);
        Assert.Matches("<td>0</td>\\s*<td>1</td>", Row(html, "gated"));
        Assert.Contains("none yet", Row(html, "p07"));
    }

    private static string Row(string html, string project)
    {
        var start = html.IndexOf($"<td><a href=\"/projects/{project}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for {project}:\n{html}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("<td><a href=\"/projects/[^\"/]+\">")]
    private static partial Regex ProjectLink();
}
