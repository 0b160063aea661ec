using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store has: WAL mode and an index for every event filter (the rest is the contract suite).</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new("bosun-store");
    private readonly SqliteStore _store;
    private readonly DateTimeOffset _t0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SqliteStoreTests()
    {
        _store = SqliteStore.Open(_dir.Combine("bosun.db"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private KeptnEvent Event(string id, string type, string context, int minute, string stage = "dev", string? result = null, string? triggeredId = null)
    {
        var data = new JsonObject { ["project"] = "p", ["stage"] = stage, ["service"] = "web" };
        if (result is not null)
        {
            data["result"] = result;
        }
        return new KeptnEvent(id, "test", type, context, triggeredId, _t0.AddMinutes(minute), data);
    }

    private void Insert(params KeptnEvent[] events)
    {
        using var batch = _store.BeginWrite();
        foreach (var e in events)
        {
            batch.InsertEvent(e);
        }
        batch.Commit();
    }

    [Fact]
    public void Store_IsInWalMode()
    {
        using var batch = _store.BeginWrite();
        batch.Commit();
        Assert.True(File.Exists(_dir.Combine("bosun.db-wal")));
    }

    [Theory]
    [InlineData("context")]
    [InlineData("type")]
    [InlineData("scope")]
    [InlineData("time")]
    [InlineData("id")]
    public void QueryEvents_EveryFilter_IsServedByAnIndex(string filter)
    {
        var query = filter switch
        {
            "context" => new EventQuery { KeptnContext = "c" },
            "type" => new EventQuery { Type = "t", Project = "p", Stage = "s", Service = "v" },
            "scope" => new EventQuery { Project = "p", Stage = "s", Service = "v" },
            "time" => new EventQuery { FromTime = _t0, BeforeTime = _t0.AddHours(1) },
            _ => new EventQuery { EventId = "x" },
        };
        var plan = _store.ExplainEventQuery(query);
        Assert.Contains("INDEX", plan);
        Assert.DoesNotContain("SCAN events\n", plan.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
    }
}
