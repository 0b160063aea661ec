using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// Moving up: a SQLite installation with open sequences, a queued one, a pending triggeredAfter timer, a sealed secret
/// and a webhook is copied with <c>bosun migrate --from-sqlite</c> into an empty PostgreSQL database, and
/// <c>bosun serve --postgres</c> carries every sequence on to its end (the timer fires once, the secret still opens).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrateTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Token = "migrate-token";
    private const string Project = "moving";
    private static readonly string[] OutsideTasks = ["deployment", "test"];
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: moving }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deployment
                    - name: test
                      triggeredAfter: 4s
                    - name: release
        """;

    private readonly TempDirectory _data = new("bosun-migrate");
    private RecordingReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await RecordingReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Migrate_ASqliteInstallationWithOpenSequencesAndATimer_ThenServeOnPostgres_CarriesEverySequenceToItsEnd()
    {
        var contexts = new List<string>();
        long eventsBefore;
        await using (var sqlite = await BosunProcess.StartAsync(["serve", "--listen", "127.0.0.1:0", "--data", _data.Path, "--api-token", Token, "--webhook-allow", "127.0.0.1"]))
        {
            using var client = sqlite.Client(Token);
            (await client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name = Project, shipyard = Base64(Shipyard) })).EnsureSuccessStatusCode();
            foreach (var service in new[] { "web", "api" })
            {
                (await client.PostAsJsonAsync($"/api/controlPlane/v1/project/{Project}/service", new { serviceName = service })).EnsureSuccessStatusCode();
            }
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "release-hook", data = new Dictionary<string, string> { ["token"] = "sealed-s3cret" } })).StatusCode);
            var webhook = $$$"""
                apiVersion: webhookconfig.keptn.sh/v1beta1
                kind: WebhookConfig
                metadata: {name: moving}
                spec:
                  webhooks:
                    - type: sh.keptn.event.release.triggered
                      sendFinished: true
                      envFrom:
                        - name: tok
                          secretRef: {name: release-hook, key: token}
                      requests:
                        - url: {{{_receiver.Address}}}release
                          method: POST
                          headers:
                            - key: Authorization
                              value: "Bearer {{.env.tok}}"
                          payload: '{"service": "{{.data.service}}"}'
                """;
            (await client.PostAsJsonAsync($"/api/resource-service/v1/project/{Project}/resource",
                new { resources = new[] { new { resourceURI = "webhook/webhook.yaml", resourceContent = Base64(webhook) } } })).EnsureSuccessStatusCode();
            // web: one running and one queued behind it; api: one running.
            foreach (var (service, version) in new[] { ("web", "v1"), ("web", "v2"), ("api", "v1") })
            {
                var answer = await client.PostAsync("/api/v1/event", Json(new JsonObject
                {
                    ["type"] = "sh.keptn.event.dev.delivery.triggered",
                    ["source"] = "migrate-test",
                    ["data"] = new JsonObject { ["project"] = Project, ["stage"] = "dev", ["service"] = service, ["labels"] = new JsonObject { ["version"] = version } },
                }));
                contexts.Add((await answer.Content.ReadFromJsonAsync<JsonObject>())!["keptnContext"]!.GetValue<string>());
            }
            // web v1's deployment done: its test task now waits for its triggeredAfter timer, which fires after the move.
            var open = await client.GetFromJsonAsync<JsonObject>($"/api/controlPlane/v1/event/triggered/sh.keptn.event.deployment.triggered?project={Project}&service=web");
            var deployment = Assert.Single(open!["events"]!.AsArray())!;
            foreach (var kind in new[] { "started", "finished" })
            {
                (await client.PostAsync("/api/v1/event", Json(new JsonObject
                {
                    ["type"] = $"sh.keptn.event.deployment.{kind}",
                    ["source"] = "migrate-test",
                    ["triggeredid"] = deployment["id"]!.GetValue<string>(),
                    ["shkeptncontext"] = deployment["shkeptncontext"]!.GetValue<string>(),
                    ["data"] = new JsonObject { ["project"] = Project, ["stage"] = "dev", ["service"] = "web", ["result"] = "pass", ["status"] = "succeeded" },
                }))).EnsureSuccessStatusCode();
            }
            eventsBefore = (await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?project={Project}&pageSize=1"))!["totalCount"]!.GetValue<long>();
            // The timer has not fired yet: it is copied as a pending one.
            Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>($"/api/mongodb-datastore/event?project={Project}&type=sh.keptn.event.test.triggered&pageSize=1"))!["totalCount"]!.GetValue<int>());
            Assert.Equal(0, await sqlite.TerminateAsync());
        }

        var connection = await postgres.Server.CreateDatabaseAsync("moving");
        var database = Path.Combine(_data.Path, "bosun.db");
        await using (var migrate = await BosunProcess.StartAsync(["migrate", "--from-sqlite", database, "--postgres", connection], waitForListening: false))
        {
            Assert.True(await migrate.WaitForExitAsync() == 0, migrate.Output);
            Assert.Contains("the counts match", migrate.Output);
            Assert.Matches(@"sequences\s+3\b", migrate.Output);
            Assert.Matches(@"secrets\s+1\b", migrate.Output);
            // Every event of the installation (all of them name the project) was copied.
            Assert.Equal(eventsBefore, long.Parse(Regex.Match(migrate.Output, @"events\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture));
        }
        await using (var again = await BosunProcess.StartAsync(["migrate", "--from-sqlite", database, "--postgres", connection], waitForListening: false))
        {
            Assert.Equal(2, await again.WaitForExitAsync());
            Assert.Contains("is not empty (table projects has rows); bosun migrate copies into an empty database only", again.Output);
        }

        // Served with the installation's own sealing key, from its data directory's file.
        await using var replicas = await ReplicaSet.StartAsync(connection, 1,
            new Dictionary<string, string> { ["BOSUN_SECRET_KEY_FILE"] = Path.Combine(_data.Path, "secret-key") }, "--webhook-allow", "127.0.0.1");
        var executor = new OutsideExecutor(replicas, Project, OutsideTasks);
        await Eventually.Until(async () =>
        {
            await executor.AnswerOpenTasksAsync();
            return await replicas.CountAsync(Project, "sh.keptn.event.dev.delivery.finished") == 3;
        }, TimeSpan.FromSeconds(60), "every migrated sequence finishing on PostgreSQL");

        Assert.Empty(executor.Refused);
        foreach (var task in new[] { "deployment", "test", "release" })
        {
            Assert.Equal(3, await replicas.CountAsync(Project, $"sh.keptn.event.{task}.triggered"));
        }
        var states = await replicas.GetJsonAsync($"/api/controlPlane/v1/sequence/{Project}?pageSize=10");
        Assert.All(states["states"]!.AsArray(), s => Assert.Equal("finished", s!["state"]!.GetValue<string>()));
        Assert.True(contexts.ToHashSet().SetEquals(states["states"]!.AsArray().Select(s => s!["shkeptncontext"]!.GetValue<string>())));
        var releases = _receiver.Requests.Where(r => r.Path == "/release").ToList();
        Assert.Equal(3, releases.Count);
        Assert.All(releases, r => Assert.Equal("Bearer sealed-s3cret", r.Headers["Authorization"]));
    }

    private static StringContent Json(JsonObject evt) => new(evt.ToJsonString(), Encoding.UTF8, "application/json");

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
