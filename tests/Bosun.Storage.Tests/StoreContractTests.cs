using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.Storage.Tests;

/// <summary>
/// The one storage contract suite (STYLE.md 13; npgsql's specification tests are the model): every store runs it
/// through <see cref="IStore"/> only, by a subclass that says how to open a fresh, empty store. A divergence is an
/// override with its reason.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Webhooks = ["webhook-service"];

    protected IStore Store { get; private set; } = null!;

    /// <summary>A new, empty store of the kind under test.</summary>
    protected abstract Task<IStore> OpenAsync();

    public virtual async Task InitializeAsync() => Store = await OpenAsync();

    public virtual Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }

    protected static KeptnEvent Event(string id, string type, string context, int minute, string stage = "dev", string? result = null, string? triggeredId = null)
    {
        var data = new JsonObject { ["project"] = "p", ["stage"] = stage, ["service"] = "web" };
        if (result is not null)
        {
            data["result"] = result;
        }
        return new KeptnEvent(id, "test", type, context, triggeredId, T0.AddMinutes(minute), data);
    }

    protected T Write<T>(Func<IWriteBatch, T> work)
    {
        using var batch = Store.BeginWrite();
        var result = work(batch);
        batch.Commit();
        return result;
    }

    protected void Insert(params KeptnEvent[] events) => Write(b => events.Select(b.InsertEvent).ToList());

    [Fact]
    public async Task ABatchNotToBeFlushed_IsCommittedLikeAnyOther()
    {
        foreach (var (id, flush) in new[] { ("a", false), ("b", true), ("c", false) })
        {
            using var batch = Store.BeginWrite(flush);
            batch.InsertEvent(Event(id, "sh.keptn.event.deployment.started", "ctx-a", 0));
            batch.Commit();
        }
        var stored = await Store.QueryEventsAsync(new EventQuery { Type = "sh.keptn.event.deployment.started" });
        Assert.Equal(["a", "b", "c"], stored.Items.Select(e => e.Id).Order());
    }

    [Fact]
    public void FindContext_FindsBySourceAndId_OnlyOnceCommitted()
    {
        using (var batch = Store.BeginWrite())
        {
            batch.InsertEvent(Event("e1", "sh.keptn.event.deployment.started", "ctx-a", 0));
            Assert.Equal("ctx-a", batch.FindContext("test", "e1"));
            Assert.Null(batch.FindContext("other", "e1"));
            // Not committed: rolled back on dispose.
        }
        using var again = Store.BeginWrite();
        Assert.Null(again.FindContext("test", "e1"));
    }

    [Fact]
    public async Task InsertEvent_SameSourceAndIdTwice_IsRefused_AtTheLatestByTheCommit()
    {
        Insert(Event("e1", "sh.keptn.event.deployment.started", "ctx-a", 0));
        using (var batch = Store.BeginWrite())
        {
            // A store may send an insert with the next statement that answers (PostgreSQL does): the refusal comes then.
            Assert.ThrowsAny<Exception>(() =>
            {
                batch.InsertEvent(Event("e1", "sh.keptn.event.other.started", "ctx-b", 0));
                batch.Commit();
            });
        }
        Assert.Equal("ctx-a", Assert.Single((await Store.QueryEventsAsync(new EventQuery { EventId = "e1" })).Items).KeptnContext);
    }

    [Fact]
    public async Task QueryEvents_FiltersPagesAndOrdersNewestFirst()
    {
        Insert(
            Event("a", "sh.keptn.event.deployment.triggered", "c1", 1),
            Event("b", "sh.keptn.event.deployment.finished", "c1", 2, result: "pass"),
            Event("c", "sh.keptn.event.deployment.triggered", "c2", 3, stage: "prod"),
            Event("d", "sh.keptn.event.deployment.finished", "c2", 4, stage: "prod", result: "fail"));
        async Task<IEnumerable<string>> Ids(EventQuery query) => (await Store.QueryEventsAsync(query)).Items.Select(e => e.Id);
        Assert.Equal(["b", "a"], await Ids(new EventQuery { KeptnContext = "c1" }));
        Assert.Equal(["c", "a"], await Ids(new EventQuery { Type = "sh.keptn.event.deployment.triggered" }));
        Assert.Equal(["d", "c"], await Ids(new EventQuery { Project = "p", Stage = "prod", Service = "web" }));
        Assert.Equal(["c", "b"], await Ids(new EventQuery { FromTime = T0.AddMinutes(2), BeforeTime = T0.AddMinutes(4) }));
        Assert.Equal(["b"], await Ids(new EventQuery { Results = ["pass", "warning"] }));
        Assert.Equal(["d", "b"], await Store.QueryEventIdsAsync(new EventQuery { Type = "sh.keptn.event.deployment.finished" }));
        var first = await Store.QueryEventsAsync(new EventQuery { PageSize = 3 });
        Assert.Equal((4, "3"), (first.TotalCount, first.NextPageKey));
        var second = await Store.QueryEventsAsync(new EventQuery { PageSize = 3, Offset = 3 });
        Assert.Equal(["a"], second.Items.Select(e => e.Id));
        Assert.Null(second.NextPageKey);
        Assert.Equal(-1, (await Store.QueryEventsAsync(new EventQuery { CountTotal = false })).TotalCount);
        var json = JsonNode.Parse((await Store.QueryEventsJsonAsync(new EventQuery { EventId = "b" })).Items.Single())!;
        Assert.Equal("pass", json["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueryEvents_ExcludeInvalidated_DropsEventsWhoseTriggerWasInvalidated()
    {
        Insert(
            Event("f1", "sh.keptn.event.evaluation.finished", "c1", 1, result: "pass", triggeredId: "t1"),
            Event("f2", "sh.keptn.event.evaluation.finished", "c2", 2, result: "pass", triggeredId: "t2"),
            Event("i2", "sh.keptn.event.evaluation.invalidated", "c2", 3, triggeredId: "t2"));
        var page = await Store.QueryEventsAsync(new EventQuery { Type = "sh.keptn.event.evaluation.finished", ExcludeInvalidated = true });
        Assert.Equal(["f1"], page.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task OpenTasks_AreVisibleUntilClosed_OldestFirst_AndLatestEventsGoByType()
    {
        var t1 = Event("t1", "sh.keptn.event.test.triggered", "c1", 1);
        var t2 = Event("t2", "sh.keptn.event.test.triggered", "c2", 2);
        Write(b =>
        {
            b.OpenTask(t1, b.InsertEvent(t1));
            b.OpenTask(t2, b.InsertEvent(t2));
            return b.InsertEvent(Event("f0", "sh.keptn.event.test.finished", "c0", 0));
        });
        var open = await Store.QueryOpenTasksAsync(new OpenTaskQuery("sh.keptn.event.test.triggered", "p", "dev", "web", null, 0, 10));
        Assert.Equal(["t1", "t2"], open.Items.Select(e => e.Id));
        Assert.Equal(2, open.TotalCount);
        Write(b => { b.CloseTask("t1"); return 0; });
        Assert.Equal(["t2"], (await Store.QueryOpenTasksAsync(new OpenTaskQuery("sh.keptn.event.test.triggered", null, null, null, null, 0, 10))).Items.Select(e => e.Id));
        Assert.Single((await Store.QueryOpenTasksJsonAsync(new OpenTaskQuery("sh.keptn.event.test.triggered", null, null, null, "t2", 0, 10))).Items);
        var latest = await Store.LatestEventsByTypeAsync("p", "dev", "web");
        // The newest of each type, newest first by arrival (f0 was stored last).
        Assert.Equal(["f0", "t2"], latest.Select(e => e.Id));
    }

    [Fact]
    public async Task LatestEventsByType_TakesTheNewestOfEachTypeOfThatServiceAndStageOnly()
    {
        static KeptnEvent Of(string id, string type, string stage, string service, int minute) =>
            Event(id, type, "c" + id, minute, stage) is var e ? e with { Data = new JsonObject { ["project"] = "p", ["stage"] = stage, ["service"] = service } } : e;
        Insert(
            Of("a1", "sh.keptn.event.approval.triggered", "dev", "web", 0),
            Of("d1", "sh.keptn.event.deployment.triggered", "dev", "web", 1),
            // Types that sort between and around the service's own, stored by other services and stages only.
            Of("x1", "sh.keptn.event.zz.triggered", "dev", "api", 2),
            Of("x2", "sh.keptn.event.b.triggered", "prod", "web", 3),
            Of("x3", "sh.keptn.event.aa.triggered", "dev", "web2", 4),
            Of("a2", "sh.keptn.event.approval.triggered", "dev", "web", 5),
            Of("x4", "sh.keptn.event.deployment.triggered", "dev", "api", 6));
        var latest = await Store.LatestEventsByTypeAsync("p", "dev", "web");
        Assert.Equal(["a2", "d1"], latest.Select(e => e.Id));
        Assert.Equal(("sh.keptn.event.approval.triggered", "ca2", T0.AddMinutes(5)), (latest[0].Type, latest[0].KeptnContext, latest[0].Time));
        Assert.Empty(await Store.LatestEventsByTypeAsync("p", "dev", "nobody"));
    }

    [Fact]
    public async Task LatestEventsByType_ImageIsTheLabelElseTheConfigurationChangeValue_WhenAString()
    {
        KeptnEvent Of(string id, string type, JsonObject data)
        {
            foreach (var (key, value) in new[] { ("project", "p"), ("stage", "dev"), ("service", "web") })
            {
                data[key] = value;
            }
            return new KeptnEvent(id, "test", type, "c", null, T0, data);
        }
        Insert(
            Of("l", "sh.keptn.event.deployment.triggered", new JsonObject { ["labels"] = new JsonObject { ["image"] = "web:1" }, ["configurationChange"] = new JsonObject { ["values"] = new JsonObject { ["image"] = "web:0" } } }),
            Of("c", "sh.keptn.event.dev.delivery.triggered", new JsonObject { ["configurationChange"] = new JsonObject { ["values"] = new JsonObject { ["image"] = "web:2" } } }),
            Of("n", "sh.keptn.event.test.triggered", new JsonObject { ["labels"] = new JsonObject { ["image"] = 3 } }),
            Of("o", "sh.keptn.event.test.finished", new JsonObject { ["labels"] = new JsonObject { ["image"] = new JsonObject { ["name"] = "web" } } }),
            Of("none", "sh.keptn.event.release.triggered", []));
        var images = (await Store.LatestEventsByTypeAsync("p", "dev", "web")).ToDictionary(e => e.Id, e => e.Image);
        Assert.Equal(new Dictionary<string, string?> { ["none"] = null, ["o"] = null, ["n"] = null, ["c"] = "web:2", ["l"] = "web:1" }, images);
    }

    [Fact]
    public async Task Outbox_ReadsInOrderAfterAPosition_AndDeletesUpToOne()
    {
        var seqs = Write(b => Enumerable.Range(0, 3).Select(i =>
        {
            var seq = b.InsertEvent(Event($"o{i}", "sh.keptn.event.test.triggered", "c1", i));
            b.AddToOutbox(seq);
            return seq;
        }).ToList());
        var rows = await Store.ReadOutboxAsync(10);
        Assert.Equal(seqs, rows.Select(r => r.EventSeq));
        Assert.Equal(["o1", "o2"], (await Store.ReadOutboxAsync(10, rows[0].Seq)).Select(r => r.Event.Id));
        Write(b =>
        {
            b.DeleteOutbox(rows[1].Seq);
            return true;
        });
        Assert.Equal(["o2"], (await Store.ReadOutboxAsync(10)).Select(r => r.Event.Id));
    }

    [Fact]
    public async Task Executions_SavedActiveOnesLoadBack_EndedOnesDoNot_AndContextsListThem()
    {
        var active = new SequenceExecution { Id = "s1", KeptnContext = "c1", Project = "p", Stage = "dev", Service = "web", Sequence = "delivery", Order = 1, TriggeredAt = T0, InputData = new JsonObject { ["project"] = "p" }, State = SequenceState.Started };
        active.Current = new TaskExecution { Name = "deployment", Index = 0, TriggeredId = "t1", TriggeredAt = T0, StartedDeadline = T0.AddMinutes(10) };
        var ended = new SequenceExecution { Id = "s2", KeptnContext = "c2", Project = "p", Stage = "dev", Service = "web", Sequence = "delivery", Order = 2, TriggeredAt = T0.AddMinutes(1), InputData = [], State = SequenceState.Finished };
        Write(b =>
        {
            b.SaveExecution(active);
            b.SaveExecution(ended);
            return 0;
        });
        var loaded = Assert.Single(await Store.LoadActiveExecutionsAsync());
        Assert.Equal(("s1", SequenceState.Started, T0.AddMinutes(10)), (loaded.Id, loaded.State, loaded.Current!.StartedDeadline));
        Assert.Equal(2, await Store.MaxOrderAsync());
        Assert.True(await Store.ContextExistsAsync("p", "c2"));
        Assert.False(await Store.ContextExistsAsync("q", "c2"));
        var contexts = await Store.QueryContextsAsync(new ContextQuery("p"));
        Assert.Equal(["c2", "c1"], contexts.Items.Select(c => c.KeptnContext));
        Assert.Equal("s1", Assert.Single(Assert.Single((await Store.QueryContextsAsync(new ContextQuery("p") { Contexts = ["c1"] })).Items).Sequences).Id);
        Assert.Equal(["c2"], (await Store.QueryContextsAsync(new ContextQuery("p") { FromTime = T0.AddMinutes(1) })).Items.Select(c => c.KeptnContext));
    }

    [Fact]
    public async Task EventHeads_AreReadInSeqOrder_AfterASeq_AndWithTheSeqsAskedForAgain()
    {
        Assert.Equal(0, await Store.MaxEventSeqAsync());
        var seqs = Write(b => new[] { Event("h1", "sh.keptn.event.deploy.triggered", "ctx-a", 0), Event("h2", "sh.keptn.event.deploy.finished", "ctx-a", 1, stage: "prod") }
            .Select(b.InsertEvent).ToList());
        var third = Write(b => b.InsertEvent(new KeptnEvent("h3", "test", "sh.keptn.log.error", "ctx-b", null, T0, [])));
        Assert.Equal(third, await Store.MaxEventSeqAsync());
        var all = await Store.ReadEventHeadsAsync(0, [], 10);
        Assert.Equal([.. seqs, third], all.Select(h => h.Seq));
        Assert.Equal(new EventHead(seqs[1], "sh.keptn.event.deploy.finished", "ctx-a", "p", "prod", "web"), all[1]);
        Assert.Equal(new EventHead(third, "sh.keptn.log.error", "ctx-b", null, null, null), all[2]);
        Assert.Equal([third], (await Store.ReadEventHeadsAsync(seqs[1], [], 10)).Select(h => h.Seq));
        Assert.Equal([seqs[0], third], (await Store.ReadEventHeadsAsync(seqs[1], [seqs[0]], 10)).Select(h => h.Seq));
        Assert.Equal([seqs[0]], (await Store.ReadEventHeadsAsync(0, [], 1)).Select(h => h.Seq));
    }

    [Fact]
    public async Task SequenceFacts_AreKeptAsSaved_AndNarrowedByStageServiceAndTime()
    {
        SequenceExecution Run(string id, string stage, string service, long order, params (string Task, string Result, int Minute)[] tasks)
        {
            var execution = new SequenceExecution
            {
                Id = id,
                KeptnContext = "c-" + id,
                Project = "p",
                Stage = stage,
                Service = service,
                Sequence = "delivery",
                Order = order,
                TriggeredAt = T0.AddMinutes(order * 10),
                InputData = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "v" + id, ["commitTime"] = "2024-01-01T00:00:00Z" } },
                State = SequenceState.Started,
            };
            execution.Completed.AddRange(tasks.Select(t => new CompletedTask(t.Task, "t-" + t.Task, t.Result, "succeeded", null, [], null, T0.AddMinutes(t.Minute))));
            return execution;
        }
        var a = Run("a", "prod", "web", 1, ("deliver", "pass", 12), ("evaluation", "fail", 15));
        Write(b =>
        {
            b.SaveExecution(a);
            b.SaveExecution(Run("b", "prod", "api", 2, ("deliver", "fail", 22)));
            b.SaveExecution(Run("c", "dev", "web", 3, ("deployment", "warning", 32)));
            return 0;
        });
        // Saved again when it ends: the facts follow the execution.
        a.State = SequenceState.Finished;
        a.Result = "fail";
        a.FinishedAt = T0.AddMinutes(16);
        Write(b =>
        {
            b.SaveExecution(a);
            return 0;
        });
        var prod = await Store.QuerySequenceFactsAsync(new SequenceQuery("p") { Stage = "prod" });
        Assert.Equal(
            [new SequenceFacts("c-a", "web", "delivery", T0.AddMinutes(10), "va", "2024-01-01T00:00:00Z", T0.AddMinutes(12), T0.AddMinutes(15), T0.AddMinutes(16), "fail"),
             new SequenceFacts("c-b", "api", "delivery", T0.AddMinutes(20), "vb", "2024-01-01T00:00:00Z", null, null, null, null)],
            prod);
        Assert.Equal(T0.AddMinutes(32), Assert.Single(await Store.QuerySequenceFactsAsync(new SequenceQuery("p") { Service = "web", From = T0.AddMinutes(25) })).DeliveredAt);
        Assert.Empty(await Store.QuerySequenceFactsAsync(new SequenceQuery("q")));
    }

    /// <summary>A <c>delivery</c> execution with no input, triggered <paramref name="order"/> minutes after T0.</summary>
    private static SequenceExecution Execution(string id, string project, string stage, string service, long order, SequenceState state) => new()
    {
        Id = id,
        KeptnContext = "c-" + id,
        Project = project,
        Stage = stage,
        Service = service,
        Sequence = "delivery",
        Order = order,
        TriggeredAt = T0.AddMinutes(order),
        InputData = [],
        State = state,
    };

    [Fact]
    public async Task SequenceServices_AreThoseWithExecutionsInTheStage_WithOrWithoutAServiceRecord()
    {
        // No service record is read: none of these has one, as after a service is deleted (its runs still count).
        Write(b =>
        {
            foreach (var (run, i) in new[] { ("p", "prod", "web"), ("p", "prod", "api"), ("p", "prod", "web"), ("p", "prod", "gone"), ("p", "dev", "db"), ("q", "prod", "other") }.Select((r, i) => (r, i)))
            {
                b.SaveExecution(Execution("s" + i, run.Item1, run.Item2, run.Item3, i, SequenceState.Finished));
            }
            return 0;
        });
        Assert.Equal(["api", "gone", "web"], (await Store.ListSequenceServicesAsync("p", "prod")).Order(StringComparer.Ordinal));
        Assert.Equal(["db"], await Store.ListSequenceServicesAsync("p", "dev"));
        Assert.Empty(await Store.ListSequenceServicesAsync("p", "staging"));
        Assert.Empty(await Store.ListSequenceServicesAsync("none", "prod"));
    }

    [Fact]
    public async Task Sequences_AreQueriedNewestFirst_ByEveryFilter_AndPaged()
    {
        Write(b =>
        {
            b.SaveExecution(Execution("a", "p", "dev", "web", 1, SequenceState.Finished));
            b.SaveExecution(Execution("b", "p", "dev", "api", 2, SequenceState.Started));
            b.SaveExecution(Execution("c", "p", "prod", "web", 3, SequenceState.WaitingForApproval));
            return 0;
        });
        async Task<IEnumerable<string>> Ids(SequenceQuery query) => (await Store.QuerySequencesAsync(query)).Items.Select(e => e.Id);
        Assert.Equal(["c", "b", "a"], await Ids(new SequenceQuery("p")));
        Assert.Equal(["b", "a"], await Ids(new SequenceQuery("p") { Stage = "dev" }));
        Assert.Equal(["c", "a"], await Ids(new SequenceQuery("p") { Service = "web" }));
        Assert.Equal(["c"], await Ids(new SequenceQuery("p") { State = "waitingForApproval" }));
        Assert.Equal(["b"], await Ids(new SequenceQuery("p") { KeptnContext = "c-b", Name = "delivery" }));
        Assert.Empty(await Ids(new SequenceQuery("p") { Name = "other" }));
        Assert.Empty(await Ids(new SequenceQuery("q")));
        var page = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 2 });
        Assert.Equal((3, "2"), (page.TotalCount, page.NextPageKey));
        Assert.Equal(["a"], await Ids(new SequenceQuery("p") { PageSize = 2, Offset = 2 }));
        Write(b =>
        {
            b.SaveExecution(Execution("d", "p", "dev", "web", 4, SequenceState.Started));
            return 0;
        });
        Assert.Equal(["b", "c", "d"], (await Store.LatestSequencesAsync("p")).Select(e => e.Id).Order());
        Assert.Equal(["a"], (await Store.LatestSequencesAsync("p", "finished")).Select(e => e.Id));
        Assert.Empty(await Store.LatestSequencesAsync("q"));
        // With results: each scope's newest that ended so, past a newer one that did not.
        Write(b =>
        {
            var passed = Execution("e", "p", "prod", "web", 5, SequenceState.Finished);
            passed.Result = "pass";
            b.SaveExecution(passed);
            var failed = Execution("f", "p", "prod", "web", 6, SequenceState.Finished);
            failed.Result = "fail";
            b.SaveExecution(failed);
            return 0;
        });
        Assert.Equal(["e"], (await Store.LatestSequencesAsync("p", "finished", ["pass", "warning"])).Select(e => e.Id));
        Assert.Equal(["f"], (await Store.LatestSequencesAsync("p", "finished", ["fail"])).Select(e => e.Id));
        Assert.Equal(["a", "f"], (await Store.LatestSequencesAsync("p", "finished")).Select(e => e.Id).Order());
    }

    [Fact]
    public async Task Sequences_AreFilteredByResultLabelsAndTime_AndPagedByCursor()
    {
        SequenceExecution Run(int order, string? result, string version, string? team = null)
        {
            var labels = new System.Text.Json.Nodes.JsonObject { ["version"] = version, ["build"] = order };
            if (team is not null)
            {
                labels["team"] = team;
            }
            return new()
            {
                Id = $"s{order:00}",
                KeptnContext = $"c{order:00}",
                Project = "p",
                Stage = "dev",
                Service = "web",
                Sequence = "delivery",
                Order = order,
                TriggeredAt = T0.AddMinutes(order),
                InputData = new() { ["labels"] = labels },
                State = result is null ? SequenceState.Started : SequenceState.Finished,
                Result = result,
            };
        }
        Write(b =>
        {
            for (var i = 1; i <= 7; i++)
            {
                b.SaveExecution(Run(i, i % 3 == 0 ? "fail" : "pass", $"1.{i}", i % 2 == 0 ? "blue" : null));
            }
            return 0;
        });
        async Task<string[]> Ids(SequenceQuery query) => [.. (await Store.QuerySequencesAsync(query)).Items.Select(e => e.Id)];
        Assert.Equal(["s06", "s03"], await Ids(new SequenceQuery("p") { Result = "fail" }));
        Assert.Equal(["s06", "s04", "s02"], await Ids(new SequenceQuery("p") { Labels = [new("team", "blue")] }));
        Assert.Equal(["s04"], await Ids(new SequenceQuery("p") { Labels = [new("team", "blue"), new("version", "1.4")] }));
        Assert.Equal(["s05"], await Ids(new SequenceQuery("p") { Labels = [new("build", "5")] }));
        Assert.Empty(await Ids(new SequenceQuery("p") { Labels = [new("version", "1.")] }));
        Assert.Equal(["s04", "s03"], await Ids(new SequenceQuery("p") { From = T0.AddMinutes(3), To = T0.AddMinutes(5) }));

        var first = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 3, Cursor = null });
        Assert.Equal(["s07", "s06", "s05"], first.Items.Select(e => e.Id));
        var older = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 3, Cursor = SequenceCursor.OlderThan(first.Items[^1]) });
        Assert.Equal(("s04 s03 s02", 7), (string.Join(" ", older.Items.Select(e => e.Id)), older.TotalCount));
        Assert.True(SequenceCursor.TryParse(older.NextPageKey, out var next));
        var last = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 3, Cursor = next });
        Assert.Equal(("s01", null), (string.Join(" ", last.Items.Select(e => e.Id)), last.NextPageKey));
        var newer = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 3, Cursor = SequenceCursor.NewerThan(last.Items[0]) });
        Assert.Equal(["s04", "s03", "s02"], newer.Items.Select(e => e.Id));
        Assert.Equal(SequenceCursor.NewerThan(newer.Items[0]).ToString(), newer.NextPageKey);
        var top = await Store.QuerySequencesAsync(new SequenceQuery("p") { PageSize = 3, Cursor = SequenceCursor.NewerThan(newer.Items[0]) });
        Assert.Equal(("s07 s06 s05", null), (string.Join(" ", top.Items.Select(e => e.Id)), top.NextPageKey));
        Assert.Equal(["s03"], await Ids(new SequenceQuery("p") { Result = "fail", PageSize = 3, Cursor = SequenceCursor.OlderThan(first.Items[^1]) }));
    }

    [Theory]
    [InlineData("o.12.abc", 12L, "abc", false)]
    [InlineData("n.0.x.y", 0L, "x.y", true)]
    public void SequenceCursor_RoundTrips(string text, long order, string id, bool newer)
    {
        Assert.True(SequenceCursor.TryParse(text, out var cursor));
        Assert.Equal(new SequenceCursor(order, id, newer), cursor);
        Assert.Equal(text, cursor!.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x.1.a")]
    [InlineData("o.-1.a")]
    [InlineData("o.1.")]
    [InlineData("o.one.a")]
    public void SequenceCursor_RefusesWhatItDidNotWrite(string? text) => Assert.False(SequenceCursor.TryParse(text, out _));

    [Fact]
    public async Task Resources_VersionPerWrite_DeleteIsATombstone()
    {
        Write(b =>
        {
            Assert.Equal(1, b.PutResource("p", "", "", "slo.yaml", Encoding.UTF8.GetBytes("one"), T0));
            Assert.Equal(2, b.PutResource("p", "", "", "slo.yaml", Encoding.UTF8.GetBytes("two"), T0));
            Assert.Equal(1, b.PutResource("p", "", "", "sli.yaml", Encoding.UTF8.GetBytes("sli"), T0));
            return b.PutResource("p", "", "", "slo.yaml", null, T0);
        });
        Assert.Null(await Store.GetResourceAsync("p", "", "", "slo.yaml"));
        Assert.Equal("one", Encoding.UTF8.GetString((await Store.GetResourceAsync("p", "", "", "slo.yaml", 1))!.Content));
        var list = await Store.ListResourcesAsync("p", "", "", 0, 10);
        Assert.Equal((1, "sli.yaml"), (list.TotalCount, list.Items.Single().Uri));
    }

    [Fact]
    public async Task Projects_Services_AndSettings_RoundTrip_AndDeleteProjectTakesEverything()
    {
        Write(b =>
        {
            b.InsertProject(new ProjectRecord("p", T0, new JsonObject { ["projectName"] = "p" }));
            b.InsertProject(new ProjectRecord("q", T0, []));
            b.UpdateProject("p", new JsonObject { ["projectName"] = "p", ["x"] = 1 });
            b.InsertService(new ServiceRecord("p", "dev", "web", T0));
            b.InsertService(new ServiceRecord("p", "prod", "web", T0));
            b.SetProjectSetting("p", "sli-provider", "dynatrace");
            b.SetProjectSetting("p", "sli-provider", "prometheus");
            b.InsertEvent(Event("e1", "sh.keptn.event.test.triggered", "c1", 0));
            return 0;
        });
        var page = await Store.ListProjectsAsync(0, 1);
        Assert.Equal((2, "1", "p"), (page.TotalCount, page.NextPageKey, page.Items.Single().Name));
        Assert.Equal(1, (await Store.GetProjectAsync("p"))!.Details["x"]!.GetValue<int>());
        Assert.Equal("prometheus", await Store.GetProjectSettingAsync("p", "sli-provider"));
        Assert.Equal(["dev", "prod"], (await Store.ListServicesAsync("p")).Select(s => s.Stage));
        Write(b => { b.DeleteService("p", "web"); return 0; });
        Assert.Empty(await Store.ListServicesAsync("p"));
        Write(b => { b.DeleteProject("p"); return 0; });
        Assert.Null(await Store.GetProjectAsync("p"));
        Assert.Null(await Store.GetProjectSettingAsync("p", "sli-provider"));
        Assert.Empty((await Store.QueryEventsAsync(new EventQuery { Project = "p" })).Items);
        Assert.NotNull(await Store.GetProjectAsync("q"));
    }

    [Fact]
    public async Task Secrets_CreateUpdateListDelete_HonourMustExist()
    {
        var secret = new SecretRecord("argo", "keptn-default", ["token"], [1, 2, 3]);
        Assert.False(await Store.SaveSecretAsync(secret, mustExist: true));
        Assert.True(await Store.SaveSecretAsync(secret, mustExist: false));
        Assert.False(await Store.SaveSecretAsync(secret, mustExist: false));
        Assert.True(await Store.SaveSecretAsync(secret with { Keys = ["a", "b"], Sealed = [9] }, mustExist: true));
        var read = (await Store.FindSecretAsync("argo"))!;
        Assert.Equal(["a", "b"], read.Keys);
        Assert.Equal([9], read.Sealed);
        Assert.Single(await Store.ListSecretsAsync());
        Assert.True(await Store.DeleteSecretAsync("argo", "keptn-default"));
        Assert.False(await Store.DeleteSecretAsync("argo", "keptn-default"));
    }

    private static AuditRecord Audit(string action, string target, string? project = null, int minute = 0) =>
        new(T0.AddMinutes(minute), "ops", action, target, project);

    [Fact]
    public async Task Secrets_AChangeCommitsWithItsAuditEntry_AndARefusedOneRecordsNone()
    {
        var secret = new SecretRecord("argo", "keptn-default", ["token"], [1, 2, 3]);
        Assert.True(await Store.SaveSecretAsync(secret, mustExist: false, Audit("secret.create", "secrets/argo")));
        Assert.False(await Store.SaveSecretAsync(secret, mustExist: false, Audit("secret.create", "secrets/argo")));
        Assert.True(await Store.DeleteSecretAsync("argo", "keptn-default", Audit("secret.delete", "secrets/argo", minute: 1)));
        Assert.False(await Store.DeleteSecretAsync("argo", "keptn-default", Audit("secret.delete", "secrets/argo", minute: 2)));
        var entries = (await Store.QueryAuditAsync(new AuditQuery())).Items;
        Assert.Equal(["secret.delete", "secret.create"], entries.Select(e => e.Action));
    }

    [Fact]
    public async Task ResealSecrets_ReplacesEverySealedValue_OrNoneWhenOneChangedSinceItWasRead()
    {
        await Store.SaveSecretAsync(new SecretRecord("a", "keptn-default", ["k"], [1]), mustExist: false);
        await Store.SaveSecretAsync(new SecretRecord("b", "keptn-default", ["k"], [2]), mustExist: false);
        var read = await Store.ListSecretsAsync();
        await Store.SaveSecretAsync(new SecretRecord("b", "keptn-default", ["k"], [3]), mustExist: true);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ResealSecretsAsync([.. read.Select(s => (s, new byte[] { 7 }))], Audit("secrets.rotate-key", "secrets")));
        Assert.Equal([1], (await Store.FindSecretAsync("a"))!.Sealed);
        Assert.Empty((await Store.QueryAuditAsync(new AuditQuery())).Items);

        read = await Store.ListSecretsAsync();
        await Store.ResealSecretsAsync([.. read.Select(s => (s, new[] { (byte)(s.Sealed[0] + 10) }))], Audit("secrets.rotate-key", "secrets"));
        Assert.Equal([11], (await Store.FindSecretAsync("a"))!.Sealed);
        Assert.Equal([13], (await Store.FindSecretAsync("b"))!.Sealed);
        Assert.Equal("secrets.rotate-key", Assert.Single((await Store.QueryAuditAsync(new AuditQuery())).Items).Action);
    }

    [Fact]
    public async Task Tokens_AddFindRotateDelete_AreAudited_AndNamesAreUnique()
    {
        var token = new TokenRecord("ci", "operator", ["p", "q"], [1, 2, 3], T0);
        Assert.True(await Store.AddTokenAsync(token, Audit("token.create", "tokens/ci")));
        Assert.False(await Store.AddTokenAsync(token with { Hash = [4] }, Audit("token.create", "tokens/ci")));
        await Store.AddTokenAsync(new TokenRecord("audit", "viewer", null, [5], T0.AddMinutes(1)), Audit("token.create", "tokens/audit"));

        var found = (await Store.FindTokenAsync([1, 2, 3]))!;
        Assert.Equal(("ci", "operator", T0), (found.Name, found.Role, found.Created));
        Assert.Equal(["p", "q"], found.Projects!);
        Assert.Null((await Store.FindTokenAsync([5]))!.Projects);
        Assert.Null(await Store.FindTokenAsync([4]));
        Assert.Equal(["audit", "ci"], (await Store.ListTokensAsync()).Select(t => t.Name));

        Assert.True(await Store.RotateTokenAsync("ci", [9], Audit("token.rotate", "tokens/ci")));
        Assert.Null(await Store.FindTokenAsync([1, 2, 3]));
        Assert.Equal("ci", (await Store.FindTokenAsync([9]))!.Name);
        Assert.False(await Store.RotateTokenAsync("none", [8], Audit("token.rotate", "tokens/none")));

        Assert.True(await Store.DeleteTokenAsync("ci", Audit("token.revoke", "tokens/ci")));
        Assert.False(await Store.DeleteTokenAsync("ci", Audit("token.revoke", "tokens/ci")));
        Assert.Null(await Store.FindTokenAsync([9]));
        Assert.Equal(["token.revoke", "token.rotate", "token.create", "token.create"], (await Store.QueryAuditAsync(new AuditQuery())).Items.Select(e => e.Action));
    }

    [Fact]
    public async Task Audit_AnEntryOfTheWriteBatch_CommitsWithIt_AndQueriesFilterByProjectAndTime()
    {
        using (var rolledBack = Store.BeginWrite())
        {
            rolledBack.AddAudit(Audit("project.create", "projects/lost", "lost"));
        }
        Write(b =>
        {
            b.AddAudit(Audit("project.create", "projects/p", "p", minute: 0));
            b.AddAudit(Audit("sequence.trigger", "projects/p/stages/dev/services/web", "p", minute: 5));
            b.AddAudit(Audit("project.create", "projects/q", "q", minute: 10));
            return 0;
        });
        var all = await Store.QueryAuditAsync(new AuditQuery());
        Assert.Equal(3, all.TotalCount);
        Assert.Equal(["projects/q", "projects/p/stages/dev/services/web", "projects/p"], all.Items.Select(e => e.Target));
        Assert.Equal(["sequence.trigger", "project.create"], (await Store.QueryAuditAsync(new AuditQuery { Project = "p" })).Items.Select(e => e.Action));
        var window = await Store.QueryAuditAsync(new AuditQuery { FromTime = T0.AddMinutes(5), BeforeTime = T0.AddMinutes(10) });
        Assert.Equal("sequence.trigger", Assert.Single(window.Items).Action);
        var first = await Store.QueryAuditAsync(new AuditQuery { PageSize = 2 });
        Assert.Equal("2", first.NextPageKey);
        var entry = Assert.Single((await Store.QueryAuditAsync(new AuditQuery { Offset = 2, PageSize = 2 })).Items);
        Assert.Equal(new AuditRecord(T0, "ops", "project.create", "projects/p", "p"), entry);
    }

    [Fact]
    public async Task Secrets_ANameIsUniqueAcrossScopes_AsKeptnsOneKubernetesSecretPerName()
    {
        Assert.True(await Store.SaveSecretAsync(new SecretRecord("argo", "keptn-webhook-service", ["token"], [1]), mustExist: false));
        Assert.False(await Store.SaveSecretAsync(new SecretRecord("argo", "keptn-default", ["token"], [2]), mustExist: false));
        Assert.False(await Store.SaveSecretAsync(new SecretRecord("argo", "keptn-default", ["token"], [2]), mustExist: true));
        Assert.Equal([1], Assert.Single(await Store.ListSecretsAsync()).Sealed);
        Assert.False(await Store.DeleteSecretAsync("argo", "keptn-default"));
        Assert.Equal("keptn-webhook-service", (await Store.FindSecretAsync("argo"))!.Scope);
        Assert.Null(await Store.FindSecretAsync("argo-other"));
    }

    [Fact]
    public async Task Integrations_AndLogs_RoundTrip()
    {
        await Store.SaveIntegrationAsync(new IntegrationRecord("i1", "job-executor", T0, new JsonObject { ["id"] = "i1" }));
        await Store.SaveIntegrationAsync(new IntegrationRecord("i1", "job-executor", T0.AddMinutes(1), new JsonObject { ["id"] = "i1", ["v"] = 2 }));
        var integration = Assert.Single(await Store.ListIntegrationsAsync());
        Assert.Equal((T0.AddMinutes(1), 2), (integration.LastSeen, integration.Body["v"]!.GetValue<int>()));
        await Store.AddLogsAsync([new LogRecord("i1", T0, new JsonObject { ["message"] = "one" }), new LogRecord("i2", T0.AddMinutes(1), new JsonObject { ["message"] = "two" })]);
        Assert.Equal(["two", "one"], (await Store.QueryLogsAsync(new LogQuery())).Items.Select(l => l["message"]!.GetValue<string>()));
        Assert.Equal(["one"], (await Store.QueryLogsAsync(new LogQuery { IntegrationId = "i1" })).Items.Select(l => l["message"]!.GetValue<string>()));
        Assert.Equal(0, await Store.DeleteLogsAsync(new LogQuery { IntegrationId = "i2", BeforeTime = T0.AddMinutes(1) }));
        Assert.Equal(1, await Store.DeleteLogsAsync(new LogQuery { IntegrationId = "i2" }));
        Assert.Equal(["one"], (await Store.QueryLogsAsync(new LogQuery())).Items.Select(l => l["message"]!.GetValue<string>()));
        Assert.True(await Store.DeleteIntegrationAsync("i1"));
        Assert.Empty(await Store.ListIntegrationsAsync());
    }

    private long TriggeredSeq() => Write(b => b.InsertEvent(Event("t1", "sh.keptn.event.deploy.triggered", "c1", 0)));

    private static WorkRecord Work(long seq, string key = "hook", DateTimeOffset? due = null) =>
        new($"webhook-service/{seq}/{key}", "webhook-service", seq, key, due ?? T0, T0);

    private IReadOnlyList<WorkClaim> Claim(string owner, DateTimeOffset now) =>
        Write(b => b.ClaimWork(Webhooks, owner, now, now.AddSeconds(10), 10));

    [Fact]
    public void AddWork_IsClaimedByTheHandingProcess_AndASecondHandOverOfTheSameRowIsIgnored()
    {
        var work = Work(TriggeredSeq());
        Assert.True(Write(b => b.AddWork(work, "a", T0.AddSeconds(10))));
        Assert.False(Write(b => b.AddWork(work, "b", T0.AddSeconds(10))));
        Assert.Empty(Claim("b", T0.AddSeconds(5)));
        Assert.True(Write(b => b.CompleteWork(work.Id, "a", 1)));
    }

    [Fact]
    public void ClaimWork_TakesARowOnlyOnceItsLeaseRanOut_NeverBackFromItsOwnHolder_AndRaisesTheEpoch()
    {
        var work = Work(TriggeredSeq());
        Write(b => b.AddWork(work, "a", T0.AddSeconds(10)));
        Assert.Empty(Claim("a", T0.AddSeconds(20)));
        var taken = Assert.Single(Claim("b", T0.AddSeconds(20)));
        Assert.Equal((2L, 2, "hook", "t1"), (taken.Epoch, taken.Attempts, taken.Key, taken.Event.Id));
        // The first holder lost it: it can neither end nor give back the row, nor renew its lease.
        Assert.False(Write(b => b.CompleteWork(work.Id, "a", 1)));
        Assert.False(Write(b => b.ReleaseWork(work.Id, "a", 1, T0)));
        Assert.Equal(0, Write(b => b.RenewWork("a", [work.Id], T0.AddMinutes(1))));
        Assert.Equal(1, Write(b => b.RenewWork("b", [work.Id], T0.AddMinutes(1))));
        Assert.Empty(Claim("c", T0.AddSeconds(40)));
        Assert.True(Write(b => b.CompleteWork(work.Id, "b", 2)));
        Assert.Empty(Claim("c", T0.AddMinutes(5)));
    }

    [Fact]
    public void ReleaseWork_MakesTheRowFreeFromItsDueTime_ForAnyone()
    {
        var work = Work(TriggeredSeq());
        Write(b => b.AddWork(work, "a", T0.AddSeconds(10)));
        Assert.True(Write(b => b.ReleaseWork(work.Id, "a", 1, T0.AddSeconds(30))));
        Assert.Empty(Claim("b", T0.AddSeconds(29)));
        Assert.Equal(2, Assert.Single(Claim("a", T0.AddSeconds(30))).Epoch);
    }

    [Fact]
    public void ClaimWork_OnlyDueRowsOfTheAskedIntegrations()
    {
        var seq = TriggeredSeq();
        Write(b => b.AddWork(Work(seq, "later"), "a", T0));
        Write(b => b.AddWork(Work(seq, "now") with { Integration = "lighthouse-service", Id = "l/1" }, "a", T0));
        Write(b => b.ReleaseWork(Work(seq, "later").Id, "a", 1, T0.AddMinutes(1)));
        Write(b => b.ReleaseWork("l/1", "a", 1, T0));
        Assert.Empty(Claim("b", T0.AddSeconds(30)));
        Assert.Equal("later", Assert.Single(Claim("b", T0.AddMinutes(1))).Key);
    }
}
