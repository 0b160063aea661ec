using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store does with work rows: one process uses the file, so opening it frees every claim.</summary>
public sealed class SqliteWorkTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Webhooks = ["webhook-service"];
    private readonly TempDirectory _dir = new("bosun-work");
    private readonly SqliteStore _store;
    private readonly long _eventSeq;

    public SqliteWorkTests()
    {
        _store = SqliteStore.Open(_dir.Combine("bosun.db"));
        _eventSeq = Write(b => b.InsertEvent(new KeptnEvent("t1", "shipyard-controller", "sh.keptn.event.deploy.triggered", "c1", null, T0,
            new JsonObject { ["project"] = "p", ["stage"] = "dev", ["service"] = "web" })));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private T Write<T>(Func<IWriteBatch, T> work)
    {
        using var batch = ((IStore)_store).BeginWrite();
        var result = work(batch);
        batch.Commit();
        return result;
    }

    private WorkRecord Work(string key = "hook", DateTimeOffset? due = null) =>
        new($"webhook-service/{_eventSeq}/{key}", "webhook-service", _eventSeq, key, due ?? T0, T0);

    private IReadOnlyList<WorkClaim> Claim(string owner, DateTimeOffset now) =>
        Write(b => b.ClaimWork(Webhooks, owner, now, now.AddSeconds(10), 10));

    [Fact]
    public void Reopen_FreesEveryClaimOfTheProcessBefore()
    {
        Write(b => b.AddWork(Work(), "a", T0.AddHours(1)));
        var path = _store.Path;
        _store.Dispose();
        using var reopened = SqliteStore.Open(path);
        using var batch = ((IStore)reopened).BeginWrite();
        var claim = Assert.Single(batch.ClaimWork(Webhooks, "b", T0, T0.AddSeconds(10), 10));
        Assert.Equal(2, claim.Epoch);
    }

}
