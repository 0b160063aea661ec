using Bosun.ArgoCdSimulator.Model;
using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Replicas;

/// <summary>
/// The Argo CD change watch across replicas (docs/architecture.md, "Singletons hold a lease"): every replica follows
/// the watch, one starts sequences; when that one is SIGKILLed the other takes the lease over and starts the sequence
/// of a revision pushed after the kill, within 15 s, once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaArgoCdTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly ArgoCdSimulation _argo = new();
    private LoopbackArgoCd _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = await LoopbackArgoCd.StartAsync(_argo, token: "argo");
        _argo.AddApp(new SimulatedApp
        {
            Name = "podtato-kustomize",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "helloservice", ["stage"] = "dev" },
            SyncDuration = TimeSpan.FromMilliseconds(300),
            HealthDelay = TimeSpan.FromMilliseconds(100),
        });
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public async Task ChangeWatchHolderKilled_TheOtherStartsTheNextRevisionsSequenceWithin15s_Once()
    {
        // The first replica to start takes the lease.
        var database = await postgres.Server.CreateDatabaseAsync("argo");
        await using var replicas = await ReplicaSet.StartAsync(database, 2, "--argocd-url", _simulator.Url, "--argocd-token", "argo");
        await replicas.CreateProjectAsync("podtato", Shipyards.ArgoDelivery, ["helloservice"]);
        _argo.Push("podtato-kustomize", "r2");
        await Eventually.Until(async () => await replicas.CountAsync("podtato", "sh.keptn.event.dev.delivery.finished") == 1,
            TimeSpan.FromSeconds(30), "the delivery of r2");

        var holder = await LeaseOwnerAsync(database);
        await replicas.KillAsync(0);
        _argo.Push("podtato-kustomize", "r3");

        await Eventually.Until(async () => await replicas.CountAsync("podtato", "sh.keptn.event.dev.delivery.triggered") == 2,
            TimeSpan.FromSeconds(15), "the survivor to start the delivery of r3");
        await Eventually.Until(async () => await replicas.CountAsync("podtato", "sh.keptn.event.dev.delivery.finished") == 2,
            TimeSpan.FromSeconds(30), "the delivery of r3");
        Assert.Equal(2, await replicas.CountAsync("podtato", "sh.keptn.event.dev.delivery.triggered"));
        Assert.Equal(2, _argo.Syncs.Count);
        Assert.Equal("r3", _argo.Peek("podtato-kustomize").SyncedRevision);
        // The lease row says who starts sequences: now the survivor.
        Assert.NotEqual(holder, await LeaseOwnerAsync(database));
    }

    private static async Task<string> LeaseOwnerAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT owner FROM leases WHERE name = 'argocd-changes'", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
