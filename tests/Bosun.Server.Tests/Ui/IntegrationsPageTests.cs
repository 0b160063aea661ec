using System.Net;
using System.Net.Http.Json;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Ui;

/// <summary>A project's integrations page: the built-in integrations, the outside ones subscribed to it, their error logs.</summary>
public sealed class IntegrationsPageTests : SignedInPageTests
{
    private async Task<string> RegisterAsync(string name, string project, params string[] stages)
    {
        var response = await Server.Client.PostAsJsonAsync("/api/controlPlane/v1/uniform/registration", new
        {
            name,
            metadata = new { hostname = "node-1", integrationversion = "1.4.0", kubernetesmetadata = new { @namespace = "keptn" } },
            subscriptions = new[] { new { @event = "sh.keptn.event.deployment.triggered", filter = new { projects = new[] { project }, stages, services = Array.Empty<string>() } } },
        });
        return (await RunningServer.ReadAsync(response))["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task NoOutsideIntegration_ListsTheBuiltInOnes_AndSaysHowToRegister()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var html = await PageAsync("/projects/shop/integrations");
        foreach (var name in new[] { "lighthouse-service", "approval-service", "webhook-service", "remediation-service" })
        {
            Assert.Contains($"data-integration=\"{name}\"", html);
        }
        Assert.Contains("<code>sh.keptn.event.evaluation.triggered</code>", Between(html, "data-integration=\"lighthouse-service\"", "</tr>"));
        Assert.Contains("No outside integration subscribes to shop", html);
    }

    [Fact]
    public async Task OutsideIntegrations_OfThisProject_WithTheirSubscriptionsLastSeenAndNewestErrors()
    {
        await Server.CreateProjectAsync("shop", Shipyards.Minimal, "web");
        var helm = await RegisterAsync("helm-service", "shop", "dev");
        await RegisterAsync("jmeter-service", "shop");
        await RegisterAsync("other-service", "elsewhere");
        await RunningServer.ReadAsync(await Server.Client.PostAsJsonAsync("/api/controlPlane/v1/log", new
        {
            logs = Enumerable.Range(1, 7).Select(i => new { integrationid = helm, shkeptncontext = "ctx-1", task = "deployment", message = $"helm failed {i}", time = $"2026-12-01T10:0{i}:00.000Z" }).ToArray(),
        }));

        var html = await PageAsync("/projects/shop/integrations");
        Assert.DoesNotContain("other-service", html);
        var row = Between(html, "data-integration=\"helm-service\"", "</tr>");
        Assert.Contains("version 1.4.0 on node-1", row);
        Assert.Contains("<code>sh.keptn.event.deployment.triggered</code>", row);
        Assert.Contains("stages dev; any service", row);
        Assert.Contains("7 error(s), the newest 5:", row);
        Assert.Contains("helm failed 7", row);
        Assert.DoesNotContain("helm failed 2", row);
        Assert.Contains("href=\"/bridge/trace/ctx-1\"", row);
        var jmeter = Between(html, "data-integration=\"jmeter-service\"", "</tr>");
        Assert.Contains("any stage; any service", jmeter);
        Assert.Contains("<span class=\"muted\">none</span>", jmeter);
    }

    [Fact]
    public async Task AnUnknownProject_IsA404Page() =>
        Assert.Contains("The project 'nope' does not exist", await PageAsync("/projects/nope/integrations", HttpStatusCode.NotFound));
}
