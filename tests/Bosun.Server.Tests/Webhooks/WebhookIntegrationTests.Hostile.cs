using System.Net.Http.Json;

namespace Bosun.Server.Tests.Webhooks;

/// <summary>
/// Webhooks driven by hostile event data or templates: a budget that runs out fails the task (never a stall), event
/// data cannot add headers or requests, and credentials echoed back by a receiver are stored masked.
/// </summary>
public sealed partial class WebhookIntegrationTests
{
    private static string Beta(string requests) => $"""
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata: {"{"}name: hooks{"}"}
        spec:
          webhooks:
            - type: sh.keptn.event.test.triggered
              sendFinished: true
              requests:
        {requests}
        """;

    [Theory]
    [InlineData("{{range 2000000000}}{{end}}", "steps")]
    [InlineData("{{range 30000000}}x{{end}}", "budget")]
    [InlineData("{{range 1000}}{{range 1000}}{{range 1000}}x{{end}}{{end}}{{end}}", "budget")]
    public async Task TemplateBeyondItsBudget_FailsTheTask_NamingTheBudget(string payload, string budget)
    {
        await UploadAsync(Beta($"""
                    - url: {Url("hook")}
                      method: POST
                      payload: '{payload}'
            """));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var finished = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        Assert.Equal("errored", finished["data"]!["status"]!.GetValue<string>());
        var message = finished["data"]!["message"]!.GetValue<string>();
        Assert.Contains("budget", message);
        Assert.Contains(budget, message);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task LabelWithCrLf_RenderedIntoAHeader_FailsTheTask_AndSendsNothing()
    {
        await UploadAsync(Beta($"""
                    - url: {Url("hook")}
                      method: POST
                      headers:
                        - key: X-Version
                          value: "{"{{"}.data.labels.version{"}}"}"
                      payload: '{"{"}{"}"}'
            """));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web", "1\r\nAuthorization: Bearer forged\r\n\r\nGET /smuggled HTTP/1.1");
        var finished = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        Assert.Contains("control character", finished["data"]!["message"]!.GetValue<string>());
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task CurlBasicCredentials_EchoedByTheReceiver_AreStoredMasked()
    {
        var created = await _bosun.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "quoted", data = new { token = "q\"uo\\te ü" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        await UploadAsync(Alpha(
            $"        - \"curl -u deployer:hunter2-literal -d '{{{{.env}}}}' {Url("echo")}\"",
            "      sendFinished: true\n      envFrom:\n        - name: tok\n          secretRef: {name: quoted, key: token}\n"));
        var context = await _bosun.TriggerAsync("hooks", "dev", "delivery", "web");
        var finished = Assert.Single(await _bosun.WaitForEventsAsync("sh.keptn.event.test.finished", context, 1));
        Assert.True("pass" == finished["data"]!["result"]!.GetValue<string>(), finished.ToJsonString());
        var received = Assert.Single(_receiver.Requests);
        Assert.StartsWith("Basic ", received.Headers["Authorization"]);
        var stored = await _bosun.Client.GetStringAsync($"/api/mongodb-datastore/event?keptnContext={context}&pageSize=100");
        Assert.DoesNotContain("hunter2", stored);
        Assert.DoesNotContain(received.Headers["Authorization"][6..], stored);
        Assert.DoesNotContain("uo", stored);
        Assert.Contains("***", stored);
    }
}
