using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>Work rows: handed over claimed, claimed again only when free, and ended or given back only by their holder.</summary>
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
    public void AddWork_IsClaimedByTheHandingProcess_AndASecondHandOverOfTheSameRowIsIgnored()
    {
        Assert.True(Write(b => b.AddWork(Work(), "a", T0.AddSeconds(10))));
        Assert.False(Write(b => b.AddWork(Work(), "b", T0.AddSeconds(10))));
        Assert.Empty(Claim("b", T0.AddSeconds(5)));
        Assert.True(Write(b => b.CompleteWork(Work().Id, "a", 1)));
    }

    [Fact]
    public void ClaimWork_TakesARowOnlyOnceItsLeaseRanOut_NeverBackFromItsOwnHolder_AndRaisesTheEpoch()
    {
        Write(b => b.AddWork(Work(), "a", T0.AddSeconds(10)));
        Assert.Empty(Claim("a", T0.AddSeconds(20)));
        var taken = Assert.Single(Claim("b", T0.AddSeconds(20)));
        Assert.Equal((2L, 2, "hook", "t1"), (taken.Epoch, taken.Attempts, taken.Key, taken.Event.Id));
        // The first holder lost it: it can neither end nor give back the row, nor renew its lease.
        Assert.False(Write(b => b.CompleteWork(Work().Id, "a", 1)));
        Assert.False(Write(b => b.ReleaseWork(Work().Id, "a", 1, T0)));
        Assert.Equal(0, Write(b => b.RenewWork("a", [Work().Id], T0.AddMinutes(1))));
        Assert.Equal(1, Write(b => b.RenewWork("b", [Work().Id], T0.AddMinutes(1))));
        Assert.Empty(Claim("c", T0.AddSeconds(40)));
        Assert.True(Write(b => b.CompleteWork(Work().Id, "b", 2)));
        Assert.Empty(Claim("c", T0.AddMinutes(5)));
    }

    [Fact]
    public void ReleaseWork_MakesTheRowFreeFromItsDueTime_ForAnyone()
    {
        Write(b => b.AddWork(Work(), "a", T0.AddSeconds(10)));
        Assert.True(Write(b => b.ReleaseWork(Work().Id, "a", 1, T0.AddSeconds(30))));
        Assert.Empty(Claim("b", T0.AddSeconds(29)));
        Assert.Equal(2, Assert.Single(Claim("a", T0.AddSeconds(30))).Epoch);
    }

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

    [Fact]
    public void ClaimWork_OnlyDueRowsOfTheAskedIntegrations_OldestEventFirst()
    {
        Write(b => b.AddWork(Work("later", due: T0.AddMinutes(1)), "a", T0));
        Write(b => b.AddWork(Work("now") with { Integration = "lighthouse-service", Id = "l/1" }, "a", T0));
        Write(b => b.ReleaseWork(Work("later").Id, "a", 1, T0.AddMinutes(1)));
        Write(b => b.ReleaseWork("l/1", "a", 1, T0));
        Assert.Empty(Claim("b", T0.AddSeconds(30)));
        Assert.Equal("later", Assert.Single(Claim("b", T0.AddMinutes(1))).Key);
    }
}
