using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The sequence list (<c>/projects/{p}/sequences</c>): every filter in the URL and run by the store, cursor pages.</summary>
public sealed partial class SequenceListPageTests : SignedInPageTests
{
    private async Task<string> TriggerAsync(string service, string version, string? team = null)
    {
        var labels = new JsonObject { ["version"] = version };
        if (team is not null)
        {
            labels["team"] = team;
        }
        var evt = new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.artifact-delivery.triggered",
            ["source"] = "test",
            ["specversion"] = "1.0",
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = "dev", ["service"] = service, ["labels"] = labels },
        };
        var body = await RunningServer.ReadAsync(await Server.PostEventAsync(evt.ToJsonString()));
        return body["keptnContext"]!.GetValue<string>();
    }

    /// <summary>55 sequences wait in one service's queue: past the default limit of 15 (DESIGN §8).</summary>
    protected override Func<Hosting.BosunOptions, Hosting.BosunOptions>? Options => o => o with { QueueLimit = 0 };

    [Fact]
    public async Task NoSequences_SaysHowToStartOne()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var html = await PageAsync("/projects/shop/sequences");
        Assert.Contains("0 sequence execution(s) match.", html);
        Assert.Contains("bosun trigger delivery --project shop --service SERVICE --version VERSION", html);
        Assert.Empty(Rows(html));
    }

    [Fact]
    public async Task OneSequence_IsALineWithItsLink_StageVersionAndState()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var context = await TriggerAsync("web", "1.0");
        await Eventually.Until(async () => (await Server.OpenAsync("deliver", "shop")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var row = Assert.Single(Rows(await PageAsync("/projects/shop/sequences")));
        Assert.Contains($"href=\"/projects/shop/sequences/{context}\">artifact-delivery</a>", row);
        Assert.Contains("<td>dev</td><td>web</td><td>1.0</td><td class=\"state\">started</td>", row);
    }

    [Fact]
    public async Task ManySequences_ArePagedByCursor_AndFilteredByServiceStateResultLabelAndTime_KeptInTheUrl()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web", "api");
        for (var i = 0; i < 55; i++)
        {
            await TriggerAsync("web", $"1.{i}", team: i % 10 == 0 ? "blue" : null);
        }
        await TriggerAsync("api", "9.0");
        await Eventually.Until(async () => (await Server.OpenAsync("deliver", "shop")).Count == 2, TimeSpan.FromSeconds(10), "one delivery per service runs");
        var first = await PageAsync("/projects/shop/sequences");
        Assert.Contains("56 sequence execution(s) match.", first);
        Assert.Equal(50, Rows(first).Count);
        Assert.Contains("<td>9.0</td>", Rows(first)[0]);
        Assert.DoesNotContain(">Newer</a>", first);
        var older = OlderLink().Match(first).Groups[1].Value;
        var second = await PageAsync(WebUtility.HtmlDecode(older));
        Assert.Equal(6, Rows(second).Count);
        Assert.Contains("<td>1.0</td>", Rows(second)[^1]);
        Assert.DoesNotContain(">Older</a>", second);
        var back = await PageAsync(WebUtility.HtmlDecode(NewerLink().Match(second).Groups[1].Value));
        Assert.Equal(Rows(first), Rows(back));

        var waiting = await PageAsync("/projects/shop/sequences?service=web&state=waiting");
        Assert.Contains("54 sequence execution(s) match.", waiting);
        Assert.Contains("<option value=\"web\" selected>web</option>", waiting);
        Assert.Contains("<option value=\"waiting\" selected>waiting</option>", waiting);
        Assert.Contains("service=web&state=waiting&page=o.", WebUtility.HtmlDecode(OlderLink().Match(waiting).Groups[1].Value));

        var blue = await PageAsync("/projects/shop/sequences?label.team=blue");
        Assert.Equal(6, Rows(blue).Count);
        Assert.Contains("value=\"team=blue\"", blue);
        Assert.Single(Rows(await PageAsync("/projects/shop/sequences?labels=team%3Dblue%2C+version%3D1.20")));
        Assert.Empty(Rows(await PageAsync("/projects/shop/sequences?result=pass")));
        Assert.Empty(Rows(await PageAsync("/projects/shop/sequences?to=2000-01-01")));
        Assert.Equal(50, Rows(await PageAsync("/projects/shop/sequences?from=2000-01-01T00:00")).Count);
    }

    [Theory]
    [InlineData("state=bogus", "state 'bogus' is not one of")]
    [InlineData("result=ok", "result 'ok' is not one of pass, warning, fail")]
    [InlineData("from=yesterday", "from must be a time such as")]
    [InlineData("to=2026-13-01", "to must be a time such as")]
    [InlineData("from=2026-12-02&to=2026-12-01", "from must not be after to")]
    [InlineData("labels=team", "labels: 'team' is not KEY=VALUE")]
    [InlineData("label.=x", "the key is missing")]
    [InlineData("page=42", "page '42' is not a page key of this list")]
    public async Task ABadFilter_IsA400Page_NamingTheParameter(string query, string message)
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        Assert.Contains(message, await PageAsync("/projects/shop/sequences?" + query, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnUnknownProject_IsA404Page_AndNoSessionGoesToSignIn()
    {
        Assert.Contains("The project 'nowhere' does not exist.", await PageAsync("/projects/nowhere/sequences", HttpStatusCode.NotFound));
        var anonymous = await Server.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/projects/nowhere/sequences?state=started"));
        Assert.Equal("/login?return=%2Fprojects%2Fnowhere%2Fsequences%3Fstate%3Dstarted", anonymous.RequestMessage!.RequestUri!.PathAndQuery);
    }

    private static List<string> Rows(string html) => [.. RowRegex().Matches(Between(html, "<main", "</main>")).Select(m => BetweenTags().Replace(m.Value, "><"))];

    [GeneratedRegex("<tr><td><time[\\s\\S]*?</tr>")]
    private static partial Regex RowRegex();

    [GeneratedRegex(">\\s+<")]
    private static partial Regex BetweenTags();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">Older</a>")]
    private static partial Regex OlderLink();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"prev\">Newer</a>")]
    private static partial Regex NewerLink();
}
