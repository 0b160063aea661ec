using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// Named tokens across replicas (DESIGN §8): a token made on one replica works on the other at once (a token it does
/// not know makes it read the tokens again), one revoked there stops working here within the 5 s it keeps what it read,
/// and the audit entries of both replicas are one trail.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaTokenTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ATokenMadeOnOneReplica_WorksOnTheOther_AndItsRevocationReachesItWithinSeconds()
    {
        await using var replicas = await ReplicaSet.StartAsync(await postgres.Server.CreateDatabaseAsync("tokens"), 2);
        var created = await replicas.Client(0).PostAsJsonAsync("/api/bosun/v1/tokens", new { name = "ci", role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var value = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
        using var onOther = new HttpClient { BaseAddress = replicas.Client(1).BaseAddress };
        onOther.DefaultRequestHeaders.Add("x-token", value);
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/api/controlPlane/v1/project")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await replicas.Client(0).DeleteAsync("/api/bosun/v1/tokens/ci")).StatusCode);
        await Eventually.Until(async () => (await onOther.GetAsync("/api/controlPlane/v1/project")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(15), "the revoked token is refused by the other replica");

        await replicas.CreateProjectAsync("shop", Shipyards.DevThenProd, ["web"]);
        var audit = await replicas.GetJsonAsync("/api/bosun/v1/audit?pageSize=10");
        var actions = ((JsonArray)audit["entries"]!).Select(e => e!["action"]!.GetValue<string>()).ToList();
        Assert.Equal(["service.create", "project.create", "token.revoke", "token.create"], actions);
    }
}
