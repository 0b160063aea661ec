using System.Net;
using Bosun.Server.Tests.ArgoCd;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>
/// With native delivery on, the environment shows each stage's Argo CD app (by the original integration's labels)
/// with its sync and health status as the watch last saw it, and a link to it in Argo CD.
/// </summary>
public sealed class EnvironmentArgoCdTests : IAsyncLifetime
{
    private SimulatedArgoCdHost _argo = null!;
    private readonly TempDirectory _data = new("bosun-ui-argo");

    public async Task InitializeAsync() => _argo = await SimulatedArgoCdHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _argo.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task EachStagesApp_ShowsItsSyncAndHealth_AndLinksToArgoCd()
    {
        _argo.AddApp("hello-dev", revision: "4f2c9e1aa", stage: "dev");
        _argo.AddApp("hello-other", project: "elsewhere");
        await using var bosun = await _argo.StartBosunAsync(_data.Path);
        await bosun.CreateProjectAsync("podtato", Shipyards.TwoStages, "helloservice");
        using var browser = new UiBrowser(bosun);
        await browser.SignInAsync();

        var html = await Eventually.Until(async () => WebUtility.HtmlDecode(await (await browser.GetAsync("/projects/podtato")).Content.ReadAsStringAsync()),
            page => page.Contains("hello-dev", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the watch shows the app");
        var dev = html[html.IndexOf("data-stage=\"dev\"", StringComparison.Ordinal)..];
        dev = dev[..dev.IndexOf("</td>", StringComparison.Ordinal)];
        Assert.Contains($"href=\"{_argo.Url.TrimEnd('/')}/applications/hello-dev\"", dev);
        Assert.Contains(": Synced, Healthy at 4f2c9e1", dev);
        Assert.DoesNotContain("hello-other", html);
        var prod = html[html.IndexOf("data-stage=\"prod\"", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Argo CD", prod[..prod.IndexOf("</td>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task AnAppNamedByTheDeliverTask_IsShownOnceItsDeliveryRan()
    {
        const string shipyard = """
            apiVersion: spec.keptn.sh/0.2.4
            kind: Shipyard
            metadata: { name: named }
            spec:
              stages:
                - name: prod
                  sequences:
                    - name: delivery
                      tasks:
                        - name: deliver
                          properties: { application: hello-prod }
            """;
        _argo.AddApp("hello-prod", configure: app => app.Labels.Clear());
        await using var bosun = await _argo.StartBosunAsync(_data.Path);
        await bosun.CreateProjectAsync("podtato", shipyard, "helloservice");
        using var browser = new UiBrowser(bosun);
        await browser.SignInAsync();
        Assert.DoesNotContain("hello-prod", await (await browser.GetAsync("/projects/podtato")).Content.ReadAsStringAsync());

        var context = await bosun.TriggerAsync("podtato", "prod", "delivery", "helloservice", version: "r1");
        var finished = await bosun.WaitForAsync("sh.keptn.event.prod.delivery.finished", context);
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
        var html = WebUtility.HtmlDecode(await (await browser.GetAsync("/projects/podtato")).Content.ReadAsStringAsync());
        Assert.Contains($"href=\"{_argo.Url.TrimEnd('/')}/applications/hello-prod\"", html);
        Assert.Contains(": Synced, Healthy at r1", html);
        Assert.Contains("deployed: r1", html);
    }
}
