using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Storage.Postgres;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Postgres;

/// <summary>What replicas need of the shared store (docs/architecture.md): scope locks and versions, timers as rows, the catalog's and resources' versions, and leases that fence a holder that lost them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSharedStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScopeKey Web = new("p", "web");
    private PostgresStore _store = null!;

    public async Task InitializeAsync() => _store = await PostgresStore.OpenAsync(await postgres.Server.CreateDatabaseAsync("shared"));

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    private ISharedWriteBatch Begin() => (ISharedWriteBatch)_store.BeginWrite();

    private static SequenceExecution Execution(string id, string service, string stage = "dev", SequenceState state = SequenceState.Started, DateTimeOffset? deadline = null)
    {
        var execution = new SequenceExecution
        {
            Id = id,
            KeptnContext = "c-" + id,
            Project = "p",
            Stage = stage,
            Service = service,
            Sequence = "delivery",
            Order = 1,
            TriggeredAt = T0,
            InputData = new JsonObject(),
            State = state,
        };
        execution.Current = new TaskExecution { Name = "deployment", Index = 0, TriggeredId = "t-" + id, TriggeredAt = T0, StartedDeadline = deadline ?? T0.AddMinutes(10) };
        return execution;
    }

    [Fact]
    public async Task LockScopes_HoldsTheScopeUntilCommit_AndTouchScopesGivesItANewVersion()
    {
        long first;
        long touched;
        using (var a = Begin())
        {
            first = a.LockScopes([Web])[Web];
            // Another writer of the same scope waits for this transaction; one of another scope does not.
            using var b = Begin();
            var waiting = Task.Run(() => b.LockScopes([Web])[Web]);
            using (var c = Begin())
            {
                Assert.Single(c.LockScopes([new ScopeKey("p", "api")]));
                c.Commit();
            }
            await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(300)));
            Assert.False(waiting.IsCompleted);
            a.TouchScopes([Web]);
            a.Commit();
            touched = a.Touched[Web];
            Assert.NotEqual(first, touched);
            Assert.Equal(touched, await waiting);
            b.Commit();
        }
        using var d = Begin();
        Assert.Equal(touched, d.LockScopes([Web])[Web]);
    }

    [Fact]
    public async Task Expect_AnswersWhetherTheNamedEventsAreStored_AndTheVersions_WithTheScopeLocks()
    {
        static KeptnEvent Event(string id) => new(id, "test", "sh.keptn.event.x.triggered", "c-" + id, null, T0, new JsonObject { ["project"] = "p" });
        using (var first = Begin())
        {
            first.InsertEvent(Event("stored"));
            first.Commit();
        }
        var versions = await _store.VersionsAsync();
        using var batch = Begin();
        batch.Expect([("test", "stored"), ("test", "new")]);
        Assert.Single(batch.LockScopes([Web]));
        Assert.Equal("c-stored", batch.FindContext("test", "stored"));
        Assert.Null(batch.FindContext("test", "new"));
        // One not named in advance is asked on its own; one this batch stored is answered from the batch.
        Assert.Null(batch.FindContext("other", "stored"));
        batch.InsertEvent(Event("new"));
        Assert.Equal("c-new", batch.FindContext("test", "new"));
        Assert.Equal(versions, batch.Versions());
        batch.Commit();
        Assert.Equal(2, (await _store.QueryEventsAsync(new EventQuery { Type = "sh.keptn.event.x.triggered" })).TotalCount);
    }

    private static KeptnEvent Stored(string id) => new(id, "test", "sh.keptn.event.x.triggered", "c-" + id, null, T0, new JsonObject { ["project"] = "p" });

    /// <summary>A first transaction that asked: afterwards the store has versions to assume and Web exists at the version returned.</summary>
    private long AskOnce()
    {
        using var first = Begin();
        first.Expect([]);
        var version = first.LockScopes([Web])[Web];
        first.Commit();
        return version;
    }

    [Fact]
    public async Task TryAssume_WhatTheLastTransactionSaw_CommitsWithoutAsking()
    {
        using (var fresh = Begin())
        {
            // The process's first transaction has nothing to assume.
            Assert.False(fresh.TryAssume(new Dictionary<ScopeKey, long>(), []));
        }
        var web = AskOnce();
        using (var batch = Begin())
        {
            Assert.True(batch.TryAssume(new Dictionary<ScopeKey, long> { [Web] = web }, [("test", "a")]));
            Assert.Equal(await _store.VersionsAsync(), batch.Versions());
            Assert.Null(batch.FindContext("test", "a"));
            batch.InsertEvent(Stored("a"));
            batch.TouchScopes([Web]);
            batch.Commit();
            Assert.NotEqual(web, batch.Touched[Web]);
        }
        Assert.Equal(1, (await _store.QueryEventsAsync(new EventQuery { Type = "sh.keptn.event.x.triggered" })).TotalCount);
    }

    public static TheoryData<string> Misses => ["scope moved", "scope held", "event stored", "catalog moved"];

    [Theory]
    [MemberData(nameof(Misses))]
    public async Task TryAssume_ThatDoesNotHold_FailsTheCommit_AndStoresNothing(string miss)
    {
        var web = AskOnce();
        using (var before = Begin())
        {
            before.Expect([]);
            before.InsertEvent(Stored("before"));
            before.Commit();
        }
        using var other = Begin();
        switch (miss)
        {
            case "scope moved":
                other.LockScopes([Web]);
                other.TouchScopes([Web]);
                other.Commit();
                break;
            case "scope held":
                other.LockScopes([Web]);
                break;
            case "catalog moved":
                other.InsertProject(new ProjectRecord("moved", T0, new JsonObject()));
                other.Commit();
                break;
        }
        using (var batch = Begin())
        {
            var id = miss == "event stored" ? "before" : "new";
            Assert.True(batch.TryAssume(new Dictionary<ScopeKey, long> { [Web] = web }, [("test", id)]));
            // Assumed not stored: nothing is asked before the commit.
            Assert.Null(batch.FindContext("test", id));
            batch.InsertEvent(Stored(id));
            batch.InsertEvent(Stored("also-new"));
            batch.TouchScopes([Web]);
            Assert.Throws<StaleAssumptionException>(batch.Commit);
        }
        other.Dispose();
        Assert.Equal(1, (await _store.QueryEventsAsync(new EventQuery { Type = "sh.keptn.event.x.triggered" })).TotalCount);
        // The failed commit did not raise the scope's version: only the other transaction's touch did.
        using var again = Begin();
        Assert.Equal(miss == "scope moved", again.LockScopes([Web])[Web] != web);
    }

    [Fact]
    public void LockScopes_SkippingLocked_LeavesOutWhatAnotherTransactionHolds_WithoutWaiting()
    {
        var api = new ScopeKey("p", "api");
        using (var create = Begin())
        {
            create.LockScopes([Web]);
            create.Commit();
        }
        using var a = Begin();
        a.LockScopes([Web]);
        using var b = Begin();
        // Web exists and is held by a; api is new and is taken by inserting it.
        var locked = b.LockScopes([api, Web], skipLocked: true);
        Assert.Equal([api], locked.Keys);
        b.Commit();
        a.Commit();
        using var c = Begin();
        Assert.Equal([api, Web], c.LockScopes([api, Web], skipLocked: true).Keys.Order());
    }

    [Fact]
    public void DeletedProject_ItsScopesComeBackWithAVersionNoCopyCanHold()
    {
        long before;
        using (var a = Begin())
        {
            before = a.LockScopes([Web])[Web];
            a.InsertProject(new ProjectRecord("p", T0, new JsonObject()));
            a.Commit();
        }
        using (var b = Begin())
        {
            b.DeleteProject("p");
            b.Commit();
        }
        using var c = Begin();
        Assert.NotEqual(before, c.LockScopes([Web])[Web]);
    }

    [Fact]
    public async Task LoadScope_GivesTheActiveExecutionsOfOneServiceInEveryStage_AndTheirTimersAreRows()
    {
        using (var batch = Begin())
        {
            batch.SaveExecution(Execution("dev-web", "web", deadline: T0.AddMinutes(10)));
            batch.SaveExecution(Execution("prod-web", "web", "prod", deadline: T0.AddMinutes(5)));
            batch.SaveExecution(Execution("done-web", "web", state: SequenceState.Finished));
            batch.SaveExecution(Execution("dev-api", "api", deadline: T0.AddMinutes(20)));
            batch.SaveExecution(Execution("paused-db", "db", state: SequenceState.Paused, deadline: T0));
            var task = new KeptnEvent("t-prod-web", "shipyard-controller", "sh.keptn.event.deployment.triggered", "c-prod-web", null, T0,
                new JsonObject { ["project"] = "p", ["stage"] = "prod", ["service"] = "web" });
            batch.OpenTask(task, batch.InsertEvent(task));
            batch.Commit();
        }
        using (var read = Begin())
        {
            Assert.Equal(["dev-web", "prod-web"], read.LoadScopes([Web])[Web].Select(e => e.Id).Order());
            Assert.Equal(Web, read.FindTaskScope("t-prod-web"));
            Assert.Null(read.FindTaskScope("t-nobody"));
        }
        Assert.Equal(T0.AddMinutes(5), await _store.NextDueAsync());
        Assert.Empty(await _store.DueScopesAsync(T0.AddMinutes(4), 10));
        Assert.Equal([Web], await _store.DueScopesAsync(T0.AddMinutes(10), 10));
        Assert.Equal([new ScopeKey("p", "api"), Web], (await _store.DueScopesAsync(T0.AddHours(1), 10)).Order());
    }

    [Fact]
    public async Task Versions_CatalogMovesWithProjectsServicesAndShipyards_ResourcesWithEveryFile()
    {
        var start = await _store.VersionsAsync();
        using (var batch = Begin())
        {
            batch.PutResource("p", "dev", "web", "slo.yaml", Encoding.UTF8.GetBytes("x"), T0);
            batch.Commit();
        }
        var afterFile = await _store.VersionsAsync();
        Assert.Equal(start.Catalog, afterFile.Catalog);
        Assert.True(afterFile.Resources > start.Resources);
        using (var batch = Begin())
        {
            batch.PutResource("p", "", "", "shipyard.yaml", Encoding.UTF8.GetBytes("x"), T0);
            batch.Commit();
        }
        var afterShipyard = await _store.VersionsAsync();
        Assert.True(afterShipyard.Catalog > afterFile.Catalog);
        using (var batch = Begin())
        {
            batch.InsertService(new ServiceRecord("p", "dev", "web", T0));
            batch.Commit();
        }
        Assert.True((await _store.VersionsAsync()).Catalog > afterShipyard.Catalog);
    }

    [Fact]
    public async Task Lease_IsHeldByOneOwner_MovesWithANewEpochWhenItRunsOut_AndFencesTheOldHolder()
    {
        Assert.Equal(1, await _store.AcquireLeaseAsync("outbox", "a", T0, T0.AddSeconds(10)));
        Assert.Null(await _store.AcquireLeaseAsync("outbox", "b", T0.AddSeconds(5), T0.AddSeconds(15)));
        Assert.Equal(1, await _store.AcquireLeaseAsync("outbox", "a", T0.AddSeconds(6), T0.AddSeconds(16)));
        // a stops renewing: once its lease ran out b takes it, at a new epoch, and a can no longer.
        Assert.Equal(2, await _store.AcquireLeaseAsync("outbox", "b", T0.AddSeconds(17), T0.AddSeconds(27)));
        Assert.Null(await _store.AcquireLeaseAsync("outbox", "a", T0.AddSeconds(18), T0.AddSeconds(28)));

        using (var batch = Begin())
        {
            batch.AddToOutbox(batch.InsertEvent(new KeptnEvent("e1", "test", "sh.keptn.event.x.triggered", "c", null, T0, new JsonObject())));
            batch.Commit();
        }
        var row = Assert.Single(await _store.ReadOutboxAsync(10)).Seq;
        using (var stale = Begin())
        {
            stale.DeleteOutbox([row], new LeaseFence("outbox", "a", 1));
            stale.Commit();
        }
        Assert.Single(await _store.ReadOutboxAsync(10));
        using (var holder = Begin())
        {
            holder.DeleteOutbox([row], new LeaseFence("outbox", "b", 2));
            holder.Commit();
        }
        Assert.Empty(await _store.ReadOutboxAsync(10));

        // Given up on SIGTERM, it is taken at once.
        await _store.ReleaseLeaseAsync("outbox", "b");
        Assert.Equal(3, await _store.AcquireLeaseAsync("outbox", "a", T0.AddSeconds(19), T0.AddSeconds(29)));
    }

    [Fact]
    public async Task Listen_WakesForCommittedEventsAndGivenBackWork_NotForRolledBackOnes()
    {
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var listening = _store.ListenAsync(heard.Enqueue, stop.Token);
        // Listening announces itself once, for what it may have missed.
        await Bosun.TestKit.Eventually.Until(() => heard.Contains("Outbox, Work"), TimeSpan.FromSeconds(10), "the listener starting");
        heard.Clear();
        using (var rolledBack = Begin())
        {
            rolledBack.AddToOutbox(rolledBack.InsertEvent(new KeptnEvent("gone", "test", "sh.keptn.event.x.triggered", "c", null, T0, new JsonObject())));
        }
        using (var batch = Begin())
        {
            var seq = batch.InsertEvent(new KeptnEvent("kept", "test", "sh.keptn.event.x.triggered", "c", null, T0, new JsonObject()));
            batch.AddToOutbox(seq);
            batch.AddWork(new WorkRecord("w1", "webhook-service", seq, "k", T0, T0), "a", T0.AddSeconds(10));
            batch.Commit();
        }
        await Bosun.TestKit.Eventually.Until(() => heard.Contains("Outbox"), TimeSpan.FromSeconds(10), "a wake-up for the stored event");
        using (var release = Begin())
        {
            Assert.True(release.ReleaseWork("w1", "a", 1, T0));
            release.Commit();
        }
        await Bosun.TestKit.Eventually.Until(() => heard.Contains("Work"), TimeSpan.FromSeconds(10), "a wake-up for the work given back");
        Assert.Equal(["Outbox", "Work"], heard);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listening);
    }
}
