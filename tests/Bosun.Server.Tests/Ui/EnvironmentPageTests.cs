using System.Net;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>The environment page (<c>/projects/{p}</c>): stages in shipyard order, a row per service, filters and paging on the server.</summary>
public sealed partial class EnvironmentPageTests : SignedInPageTests
{
    [Fact]
    public async Task NoServices_SaysHowToAddOne_WithTheStagesKnown()
    {
        await Server.CreateProjectAsync("empty", Shipyards.TwoStages);
        var html = await PageAsync("/projects/empty");
        Assert.Contains("0 service(s)", html);
        Assert.Contains("bosun create service NAME --project empty", html);
    }

    [Fact]
    public async Task OneService_ShowsStagesInShipyardOrder_ItsRunningSequence_AndItsChain()
    {
        await Server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        var context = await Server.TriggerAsync("podtato", "dev", "delivery", "web", version: "1.2.3");
        await Eventually.Until(async () => (await Server.OpenAsync("deployment", "podtato")).Count == 1, TimeSpan.FromSeconds(10), "the delivery runs");
        var html = await PageAsync("/projects/podtato");
        var headers = StageHeader().Matches(html).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(["dev", "prod", "canary"], headers);
        Assert.Contains("delivery after dev.delivery", html);
        var dev = Cell(html, "dev");
        Assert.Contains($"href=\"/projects/podtato/sequences/{context}\">delivery 1.2.3</a>", dev);
        Assert.Contains("<span class=\"state\">started</span>", dev);
        Assert.Contains("deployed: nothing yet", dev);
        Assert.DoesNotContain("sequences/", Cell(html, "prod"));
    }

    [Fact]
    public async Task AFinishedDelivery_IsTheDeployedVersion_AndAFailedOneAProblem()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web", "api");
        await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: "2.0");
        await Server.TriggerAsync("shop", "dev", "artifact-delivery", "api", version: "0.9");
        var open = await Eventually.Until(() => Server.OpenAsync("deliver", "shop"), o => o.Count == 2, TimeSpan.FromSeconds(10), "both deliveries run");
        foreach (var task in open)
        {
            await Server.AnswerAsync(task!, task!["data"]!["service"]!.GetValue<string>() == "web" ? "pass" : "fail");
        }
        await Eventually.Until(async () => (await Server.EventsAsync("sh.keptn.event.dev.artifact-delivery.finished")).Count == 2, TimeSpan.FromSeconds(10), "both sequences end");
        var html = await PageAsync("/projects/shop");
        var web = Row(html, "web");
        Assert.Contains("deployed: 2.0", web);
        Assert.DoesNotContain("problem", web);
        var api = Row(html, "api");
        Assert.Contains("deployed: nothing yet", api);
        Assert.Contains("⚠ problem", api);
        Assert.Single(ServiceRowRegex().Matches(await PageAsync("/projects/shop?problems=1")));
    }

    [Fact]
    public async Task AFailedDeliveryAfterAPassingOne_LeavesThePassingVersionDeployed()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        foreach (var (version, result) in new[] { ("2.0", "pass"), ("2.1", "fail") })
        {
            var context = await Server.TriggerAsync("shop", "dev", "artifact-delivery", "web", version: version);
            var open = await Eventually.Until(() => Server.OpenAsync("deliver", "shop"), o => o.Count == 1, TimeSpan.FromSeconds(10), $"{version} is delivered");
            await Server.AnswerAsync(open[0]!, result);
            await Server.WaitForAsync("sh.keptn.event.dev.artifact-delivery.finished", context);
        }
        var web = Row(await PageAsync("/projects/shop"), "web");
        Assert.Contains("deployed: 2.0", web);
        Assert.Contains("artifact-delivery 2.1</a>", web);
        Assert.Contains("⚠ problem", web);
    }

    [Fact]
    public async Task AnOpenRemediation_IsMarked_UntilItEnds()
    {
        const string shipyard = """
            apiVersion: spec.keptn.sh/0.2.4
            kind: Shipyard
            metadata: { name: r }
            spec:
              stages:
                - name: prod
                  sequences:
                    - name: remediation
                      tasks:
                        - name: fix
            """;
        await Server.CreateProjectAsync("ops", shipyard, "web", "api");
        await Server.TriggerAsync("ops", "prod", "remediation", "web");
        var task = await Eventually.Until(() => Server.OpenAsync("fix", "ops"), o => o.Count == 1, TimeSpan.FromSeconds(10), "the remediation runs");
        var html = await PageAsync("/projects/ops");
        Assert.Contains("⚕ remediation open", Row(html, "web"));
        Assert.DoesNotContain("remediation open", Row(html, "api"));
        await Server.AnswerAsync(task[0]!);
        await Server.WaitForAsync("sh.keptn.event.prod.remediation.finished", task[0]!["shkeptncontext"]!.GetValue<string>());
        Assert.DoesNotContain("remediation open", await PageAsync("/projects/ops"));
    }

    [Fact]
    public async Task ManyServices_ArePagedBy50_AndFilteredOnTheServer()
    {
        await Server.CreateProjectAsync("big", Shipyards.Minimal, [.. Enumerable.Range(0, 60).Select(i => $"svc{i:00}")]);
        var first = await PageAsync("/projects/big");
        Assert.Contains("60 service(s), showing 1–50", first);
        Assert.Equal(50, ServiceRowRegex().Matches(first).Count);
        Assert.Contains("offset=50\">Next</a>", first);
        var second = await PageAsync("/projects/big?offset=50");
        Assert.Equal(10, ServiceRowRegex().Matches(second).Count);
        Assert.Contains(">svc59</a>", second);
        var filtered = await PageAsync("/projects/big?service=SVC1");
        Assert.Equal(10, ServiceRowRegex().Matches(filtered).Count);
        Assert.Contains("value=\"SVC1\"", filtered);
        var problems = await PageAsync("/projects/big?problems=1");
        Assert.Contains("No service matches", problems);
    }

    [Fact]
    public async Task AnUnknownProject_IsA404Page_AndABadOffsetA400()
    {
        Assert.Contains("The project 'nowhere' does not exist.", await PageAsync("/projects/nowhere", HttpStatusCode.NotFound));
        await Server.CreateProjectAsync("p", Shipyards.Minimal, "web");
        Assert.Contains("offset '-1' must be a number", await PageAsync("/projects/p?offset=-1", HttpStatusCode.BadRequest));
    }

    private static string Row(string html, string service) => Between(html, $"\">{service}</a></th>", "</tr>");

    private static string Cell(string html, string stage) => Between(html, $"<td data-stage=\"{stage}\">", "</td>");

    [GeneratedRegex("<th scope=\"col\">([a-z]+)")]
    private static partial Regex StageHeader();

    [GeneratedRegex("<th scope=\"row\"><a href=")]
    private static partial Regex ServiceRowRegex();
}
