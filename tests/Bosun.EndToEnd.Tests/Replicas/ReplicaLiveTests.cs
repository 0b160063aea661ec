using System.Net;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// The UI's live feed reads the shared store, not one process's memory (DESIGN §6): a page open on one replica is told
/// of what another replica stored.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaLiveTests(PostgresFixture postgres)
{
    [Fact]
    public async Task APageOnOneReplica_HearsOfAnEventStoredByTheOther()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("live"), 2);
        await replicas.CreateProjectAsync("live", Shipyards.DevThenProd, ["web"]);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = replicas.Client(0).BaseAddress };
        var signIn = await browser.PostAsync("/login", new FormUrlEncodedContent([KeyValuePair.Create("token", ReplicaSet.Token)]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var stream = await SseReader.OpenAsync(browser, new HttpRequestMessage(HttpMethod.Get, "/ui/live?after=0&project=live"));
        // "hello" comes once the stream has read what was stored before it: what follows for a new context is live.
        await stream.NextAsync("hello");

        var answer = await replicas.Client(1).PostAsync("/api/v1/event", new StringContent(new JsonObject
        {
            ["type"] = "sh.keptn.event.dev.delivery.triggered",
            ["source"] = "replica-test",
            ["data"] = new JsonObject { ["project"] = "live", ["stage"] = "dev", ["service"] = "web", ["labels"] = new JsonObject { ["version"] = "1" } },
        }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        answer.EnsureSuccessStatusCode();
        var context = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["keptnContext"]!.GetValue<string>();
        var types = new List<string>();
        while (!types.Contains("sh.keptn.event.deliver.triggered"))
        {
            var (_, data) = await stream.NextAsync("keptn");
            if (data!["keptnContext"]!.GetValue<string>() == context)
            {
                types.Add(data["type"]!.GetValue<string>());
            }
        }
        Assert.Equal(["sh.keptn.event.dev.delivery.triggered", "sh.keptn.event.deliver.triggered"], types.Take(2));
    }
}
