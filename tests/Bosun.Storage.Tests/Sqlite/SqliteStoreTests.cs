using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;

namespace Bosun.Storage.Tests.Sqlite;

/// <summary>The event store, executions, open tasks and resources on a real SQLite file.</summary>
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

    [Fact]
    public void FindContext_AfterInsert_FindsBySourceAndId_OnlyOnceCommitted()
    {
        using (var batch = _store.BeginWrite())
        {
            batch.InsertEvent(Event("e1", "sh.keptn.event.deployment.started", "ctx-a", 0));
            Assert.Equal("ctx-a", batch.FindContext("test", "e1"));
            // Not committed: rolled back on dispose.
        }
        using var again = _store.BeginWrite();
        Assert.Null(again.FindContext("test", "e1"));
        again.InsertEvent(Event("e1", "sh.keptn.event.deployment.started", "ctx-a", 0));
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => again.InsertEvent(Event("e1", "sh.keptn.event.other.started", "ctx-b", 0)));
    }

    [Fact]
    public void QueryEvents_FiltersPagesAndOrdersNewestFirst()
    {
        Insert(
            Event("a", "sh.keptn.event.deployment.triggered", "c1", 1),
            Event("b", "sh.keptn.event.deployment.finished", "c1", 2, result: "pass"),
            Event("c", "sh.keptn.event.deployment.triggered", "c2", 3, stage: "prod"),
            Event("d", "sh.keptn.event.deployment.finished", "c2", 4, stage: "prod", result: "fail"));
        Assert.Equal(["b", "a"], _store.QueryEvents(new EventQuery { KeptnContext = "c1" }).Items.Select(e => e.Id));
        Assert.Equal(["c", "a"], _store.QueryEvents(new EventQuery { Type = "sh.keptn.event.deployment.triggered" }).Items.Select(e => e.Id));
        Assert.Equal(["d", "c"], _store.QueryEvents(new EventQuery { Project = "p", Stage = "prod", Service = "web" }).Items.Select(e => e.Id));
        Assert.Equal(["c", "b"], _store.QueryEvents(new EventQuery { FromTime = _t0.AddMinutes(2), BeforeTime = _t0.AddMinutes(4) }).Items.Select(e => e.Id));
        Assert.Equal(["b"], _store.QueryEvents(new EventQuery { Results = ["pass", "warning"] }).Items.Select(e => e.Id));
        var first = _store.QueryEvents(new EventQuery { PageSize = 3 });
        Assert.Equal((4, "3"), (first.TotalCount, first.NextPageKey));
        var second = _store.QueryEvents(new EventQuery { PageSize = 3, Offset = 3 });
        Assert.Equal(["a"], second.Items.Select(e => e.Id));
        Assert.Null(second.NextPageKey);
    }

    [Fact]
    public void QueryEvents_ExcludeInvalidated_DropsEventsWhoseTriggerWasInvalidated()
    {
        Insert(
            Event("f1", "sh.keptn.event.evaluation.finished", "c1", 1, result: "pass", triggeredId: "t1"),
            Event("f2", "sh.keptn.event.evaluation.finished", "c2", 2, result: "pass", triggeredId: "t2"),
            Event("i2", "sh.keptn.event.evaluation.invalidated", "c2", 3, triggeredId: "t2"));
        var page = _store.QueryEvents(new EventQuery { Type = "sh.keptn.event.evaluation.finished", ExcludeInvalidated = true });
        Assert.Equal(["f1"], page.Items.Select(e => e.Id));
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

    [Fact]
    public void Executions_SavedActiveOnesLoadBack_EndedOnesDoNot()
    {
        var active = new SequenceExecution { Id = "s1", KeptnContext = "c1", Project = "p", Stage = "dev", Service = "web", Sequence = "delivery", Order = 1, TriggeredAt = _t0, InputData = new JsonObject { ["project"] = "p" }, State = SequenceState.Started };
        active.Current = new TaskExecution { Name = "deployment", Index = 0, TriggeredId = "t1", TriggeredAt = _t0, StartedDeadline = _t0.AddMinutes(10) };
        var ended = new SequenceExecution { Id = "s2", KeptnContext = "c2", Project = "p", Stage = "dev", Service = "web", Sequence = "delivery", Order = 2, TriggeredAt = _t0, InputData = [], State = SequenceState.Finished };
        using (var batch = _store.BeginWrite())
        {
            batch.SaveExecution(active);
            batch.SaveExecution(ended);
            batch.Commit();
        }
        var loaded = Assert.Single(_store.LoadActiveExecutions());
        Assert.Equal("s1", loaded.Id);
        Assert.Equal(SequenceState.Started, loaded.State);
        Assert.Equal(_t0.AddMinutes(10), loaded.Current!.StartedDeadline);
        Assert.Equal(2, _store.MaxOrder());
        Assert.True(_store.ContextExists("p", "c2"));
    }

    [Fact]
    public void Resources_VersionPerWrite_DeleteIsATombstone()
    {
        using (var batch = _store.BeginWrite())
        {
            Assert.Equal(1, batch.PutResource("p", "", "", "slo.yaml", Encoding.UTF8.GetBytes("one"), _t0));
            Assert.Equal(2, batch.PutResource("p", "", "", "slo.yaml", Encoding.UTF8.GetBytes("two"), _t0));
            Assert.Equal(3, batch.PutResource("p", "", "", "slo.yaml", null, _t0));
            batch.Commit();
        }
        Assert.Null(_store.GetResource("p", "", "", "slo.yaml"));
        Assert.Equal("one", Encoding.UTF8.GetString(_store.GetResource("p", "", "", "slo.yaml", 1)!.Content));
        Assert.Equal(0, _store.ListResources("p", "", "", 0, 10).TotalCount);
    }
}
