using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests;

/// <summary>
/// The real server SIGKILLed while a v1beta1 webhook's request is open (the receiver takes 6 s to answer, as a pod
/// eviction would catch it), restarted on the same data: the request is sent again with the same triggeredid, the task
/// is answered exactly once and the sequence finishes (docs/architecture.md, "Claims, not memory").
/// </summary>
public sealed class WebhookCrashTests : IAsyncLifetime
{
    private const string Token = "webhook-crash-token";
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: hooks }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deploy
        """;

    private readonly TempDirectory _data = new("bosun-webhook-crash");
    private RecordingReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    private Task<BosunProcess> ServeAsync() => BosunProcess.StartAsync(
        ["serve", "--listen", "127.0.0.1:0", "--data", _data.Path, "--api-token", Token, "--webhook-allow", "127.0.0.1"]);

    private string WebhookYaml => Webhook(6000);

    private string Webhook(int delayMs) => $$$"""
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata: {name: hooks}
        spec:
          webhooks:
            - type: sh.keptn.event.deploy.triggered
              sendFinished: true
              requests:
                - url: {{{_receiver.Address}}}slow?ms={{{delayMs}}}
                  method: POST
                  payload: '{"triggeredid": "{{.id}}", "service": "{{.data.service}}"}'
        """;

    private List<ReceivedRequest> Sent => _receiver.Requests.Where(r => r.Path == "/slow").ToList();

    [Fact]
    public async Task KilledWhileAWebhookRequestIsOpen_SendsItAgainAfterRestart_AndAnswersTheTaskOnce()
    {
        string context;
        await using (var first = await ServeAsync())
        {
            using var client = first.Client(Token);
            context = await SetUpAndTriggerAsync(client, WebhookYaml);
            await Eventually.Until(() => Sent.Count == 1, TimeSpan.FromSeconds(30), "the webhook request reaching the receiver");
            await first.KillAsync();
        }
        Assert.Single(Sent);

        await using var second = await ServeAsync();
        using var resumed = second.Client(Token);
        await Eventually.Until(() => Sent.Count >= 2, TimeSpan.FromSeconds(30), "the webhook request being sent again after the restart");
        var state = await Eventually.Until(() => SequenceStateAsync(resumed, context), s => s == "finished", TimeSpan.FromSeconds(30), "the sequence finishing");
        Assert.Equal("finished", state);

        var requests = Sent;
        Assert.Equal(2, requests.Count);
        var triggeredIds = requests.Select(r => JsonNode.Parse(r.Body)!["triggeredid"]!.GetValue<string>()).Distinct().ToList();
        var triggered = Assert.Single(await EventsAsync(resumed, context, "sh.keptn.event.deploy.triggered"));
        Assert.Equal(triggered["id"]!.GetValue<string>(), Assert.Single(triggeredIds));
        var finished = Assert.Single(await EventsAsync(resumed, context, "sh.keptn.event.deploy.finished"));
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
        Assert.Equal("webhook-service", finished["source"]!.GetValue<string>());
        Assert.Single(await EventsAsync(resumed, context, "sh.keptn.event.deploy.started"));
        Assert.Single(await EventsAsync(resumed, context, "sh.keptn.event.dev.delivery.finished"));
    }

    [Fact]
    public async Task StoppedWithSigtermWhileAWebhookRequestIsOpen_FinishesItBeforeExiting_AndSendsItOnce()
    {
        string context;
        await using (var first = await ServeAsync())
        {
            using var client = first.Client(Token);
            context = await SetUpAndTriggerAsync(client, Webhook(2000));
            await Eventually.Until(() => Sent.Count == 1, TimeSpan.FromSeconds(30), "the webhook request reaching the receiver");
            Assert.Equal(0, await first.TerminateAsync());
        }
        await using var second = await ServeAsync();
        using var resumed = second.Client(Token);
        // Answered before the first process exited: the restart finds the sequence finished and sends nothing.
        Assert.Equal("finished", await SequenceStateAsync(resumed, context));
        Assert.Single(await EventsAsync(resumed, context, "sh.keptn.event.deploy.finished"));
        Assert.Single(Sent);
    }

    private static async Task<string> SetUpAndTriggerAsync(HttpClient client, string webhookYaml)
    {
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = "hooks", shipyard = Base64(Shipyard) })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/controlPlane/v1/project/hooks/service", new { serviceName = "web" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/resource-service/v1/project/hooks/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Base64(webhookYaml) } } })).EnsureSuccessStatusCode();
        var trigger = new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "webhook-crash-test",
            ["data"] = new JsonObject { ["project"] = "hooks", ["stage"] = "dev", ["service"] = "web", ["labels"] = new JsonObject { ["version"] = "v1" } },
        };
        var answer = await client.PostAsync("/api/v1/event", new StringContent(trigger.ToJsonString(), Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<string?> SequenceStateAsync(HttpClient client, string context)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/controlPlane/v1/sequence/hooks?keptnContext={context}");
        return page!["states"]!.AsArray().FirstOrDefault()?["state"]?.GetValue<string>();
    }

    private static async Task<List<JsonNode>> EventsAsync(HttpClient client, string context, string type)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?keptnContext={context}&type={type}&pageSize=50");
        return page!["events"]!.AsArray().Select(e => e!).ToList();
    }
}
