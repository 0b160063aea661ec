using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// Alertmanager's de-duplication across replicas is the store's (docs/architecture.md, "Singletons hold a lease"): the
/// same firing alert notified to both replicas at once, and again later, starts one remediation.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaAlertmanagerTests(PostgresFixture postgres)
{
    private static string Notification(DateTimeOffset startsAt) => new JsonObject
    {
        ["version"] = "4",
        ["status"] = "firing",
        ["receiver"] = "bosun",
        ["alerts"] = new JsonArray(new JsonObject
        {
            ["status"] = "firing",
            ["fingerprint"] = "5f4b2c1d9e8a7b6c",
            ["startsAt"] = startsAt.ToString("O"),
            ["labels"] = new JsonObject { ["alertname"] = "HighLatency", ["project"] = "heal", ["stage"] = "production", ["service"] = "web" },
            ["annotations"] = new JsonObject { ["summary"] = "Response time degradation" },
        }),
    }.ToJsonString();

    [Fact]
    public async Task SameFiringAlertToBothReplicasAtOnce_StartsOneRemediation()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("alerts"), 2);
        await replicas.CreateProjectAsync("heal", Shipyards.Remediation, ["web"]);
        var body = Notification(DateTimeOffset.UtcNow.AddMinutes(-1));
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            replicas.Client(i % 2).PostAsync("/api/v1/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        // Every answer names the one remediation's context; one of them started it.
        var alerts = new List<JsonNode>();
        foreach (var answer in answers)
        {
            alerts.Add(JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["alerts"]![0]!);
            answer.Dispose();
        }
        Assert.Single(alerts.Select(a => a["keptnContext"]!.GetValue<string>()).Distinct());
        Assert.Single(alerts, a => a["outcome"]!.GetValue<string>() == "remediation started");
        Assert.Equal(1, await replicas.CountAsync("heal", "sh.keptn.event.production.remediation.triggered"));
        await Eventually.Until(async () => await replicas.CountAsync("heal", "sh.keptn.event.get-action.triggered") == 1,
            TimeSpan.FromSeconds(15), "the remediation to ask for an action");
        Assert.Equal(1, await replicas.CountAsync("heal", "sh.keptn.event.get-action.triggered"));
    }
}
