using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// The webhook crash on PostgreSQL: the replica running a v1beta1 webhook's request is SIGKILLed while the request is
/// open; the other replica takes the hand-over lease and the work row over once their leases run out, sends the
/// request again with the same triggeredid, and the task is answered exactly once (docs/architecture.md).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaWebhookTests(PostgresFixture postgres) : IAsyncLifetime
{
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

    private RecordingReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private List<ReceivedRequest> Sent => _receiver.Requests.Where(r => r.Path == "/slow").ToList();

    [Fact]
    public async Task ReplicaKilledWhileAWebhookRequestIsOpen_TheOtherSendsItAgainWithin15s_AndTheTaskIsAnsweredOnce()
    {
        // The first replica to start holds the hand-over lease, so the request runs there.
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("hooks"), 2, "--webhook-allow", "127.0.0.1");
        await replicas.CreateProjectAsync("hooks", Shipyard, ["web"]);
        var webhook = $$$"""
            apiVersion: webhookconfig.keptn.sh/v1beta1
            kind: WebhookConfig
            metadata: {name: hooks}
            spec:
              webhooks:
                - type: sh.keptn.event.deploy.triggered
                  sendFinished: true
                  requests:
                    - url: {{{_receiver.Address}}}slow?ms=6000
                      method: POST
                      payload: '{"triggeredid": "{{.id}}"}'
            """;
        // Written through the replica that does not send: the sender must use it at once.
        (await replicas.Client(1).PostAsJsonAsync("/api/resource-service/v1/project/hooks/resource",
            new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(webhook)) } } })).EnsureSuccessStatusCode();
        using var triggered = await replicas.Client(1).PostAsync("/api/v1/event", new StringContent(new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "replica-webhook-test",
            ["data"] = new JsonObject { ["project"] = "hooks", ["stage"] = "dev", ["service"] = "web" },
        }.ToJsonString(), Encoding.UTF8, "application/json"));
        var context = (await triggered.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>();
        await Eventually.Until(() => Sent.Count == 1, TimeSpan.FromSeconds(30), "the webhook request reaching the receiver");

        await replicas.KillAsync(0);
        await Eventually.Until(() => Sent.Count >= 2, TimeSpan.FromSeconds(15), "the other replica sending the request again");
        await Eventually.Until(async () => await replicas.CountAsync("hooks", "sh.keptn.event.dev.delivery.finished") == 1,
            TimeSpan.FromSeconds(30), "the sequence finishing on the replica left");

        var ids = Sent.Select(r => JsonNode.Parse(r.Body)!["triggeredid"]!.GetValue<string>()).Distinct().ToList();
        var task = Assert.Single((await replicas.GetJsonAsync($"/api/mongodb-datastore/event?keptnContext={context}&type=sh.keptn.event.deploy.triggered"))["events"]!.AsArray());
        Assert.Equal(task!["id"]!.GetValue<string>(), Assert.Single(ids));
        Assert.Equal(2, Sent.Count);
        Assert.Equal(1, await replicas.CountAsync("hooks", "sh.keptn.event.deploy.started"));
        Assert.Equal(1, await replicas.CountAsync("hooks", "sh.keptn.event.deploy.finished"));
    }
}
