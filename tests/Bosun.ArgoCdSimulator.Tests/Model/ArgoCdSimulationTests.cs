using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.ArgoCdSimulator.Tests.Model;

/// <summary>The simulator behaves like spec/argocd.md: one operation at a time, sync → Running → result, health settling.</summary>
public sealed class ArgoCdSimulationTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 6, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ArgoCdSimulation _sim;

    public ArgoCdSimulationTests()
    {
        _sim = new ArgoCdSimulation(_time);
        _sim.AddApp(new SimulatedApp
        {
            Name = "podtato",
            Project = "team",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "web", ["stage"] = "dev" },
            FailingRevisions = { "bad" },
            DegradedRevisions = { "slow" },
        });
    }

    private static string Str(JsonNode? node) => node!.GetValue<string>();

    private static SyncRequest Request(string? revision = null, string? project = "team") =>
        new(revision, false, [], [new JsonObject { ["name"] = "triggeredid", ["value"] = "t-1" }], project);

    [Fact]
    public void Push_MakesTheAppOutOfSyncAtTheNewRevision()
    {
        _sim.Push("podtato", "r2");
        var app = _sim.Get("podtato", "team");
        Assert.Equal("OutOfSync", Str(app["status"]!["sync"]!["status"]));
        Assert.Equal("r2", Str(app["status"]!["sync"]!["revision"]));
    }

    [Fact]
    public void Sync_RunsThenSucceeds_ThenHealthSettles_WithInfosAndHistory()
    {
        _sim.Push("podtato", "r2");
        var started = _sim.Sync("podtato", Request(), "bosun");
        Assert.Equal("r2", Str(started["operation"]!["sync"]!["revision"]));
        Assert.Equal("Running", Str(started["status"]!["operationState"]!["phase"]));
        var inProgress = Assert.Throws<SimulatorError>(() => _sim.Sync("podtato", Request(), "bosun"));
        Assert.Equal((400, "another operation is already in progress"), (inProgress.HttpStatus, inProgress.Message));

        _time.Advance(TimeSpan.FromSeconds(1));
        var synced = _sim.Get("podtato", "team");
        Assert.Null(synced["operation"]);
        var state = synced["status"]!["operationState"]!;
        Assert.Equal("Succeeded", Str(state["phase"]));
        Assert.Equal("r2", Str(state["syncResult"]!["revision"]));
        Assert.Equal("t-1", Str(state["operation"]!["info"]![0]!["value"]));
        Assert.Equal("Synced", Str(synced["status"]!["sync"]!["status"]));
        Assert.Equal("Progressing", Str(synced["status"]!["health"]!["status"]));
        Assert.Equal("r2", Str(synced["status"]!["history"]![0]!["revision"]));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Healthy", Str(_sim.Get("podtato", "team")["status"]!["health"]!["status"]));
    }

    [Fact]
    public void Sync_OfAFailingRevision_EndsFailed_AndStaysOutOfSync()
    {
        _sim.Push("podtato", "bad");
        _sim.Sync("podtato", Request(), "bosun");
        _time.Advance(TimeSpan.FromSeconds(1));
        var app = _sim.Get("podtato", "team");
        Assert.Equal("Failed", Str(app["status"]!["operationState"]!["phase"]));
        Assert.Contains("failed to apply", Str(app["status"]!["operationState"]!["message"]));
        Assert.Equal("OutOfSync", Str(app["status"]!["sync"]!["status"]));
        Assert.Empty(app["status"]!["history"]!.AsArray());
    }

    [Fact]
    public void Sync_OfADegradedRevision_EndsDegraded()
    {
        _sim.Push("podtato", "slow");
        _sim.Sync("podtato", Request(), "bosun");
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        var health = _sim.Get("podtato", "team")["status"]!["health"]!;
        Assert.Equal("Degraded", Str(health["status"]));
        Assert.Contains("progress deadline", Str(health["message"]));
    }

    [Fact]
    public void AutoSyncApp_SyncsItselfOnPush_AndRefusesPinnedSyncAndRollback()
    {
        _sim.AddApp(new SimulatedApp { Name = "auto", HeadRevision = "a1", AutoSync = true });
        _sim.Push("auto", "a2");
        var app = _sim.Get("auto", "default");
        Assert.True(app["operation"]!["initiatedBy"]!["automated"]!.GetValue<bool>());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Synced", Str(_sim.Get("auto", "default")["status"]!["sync"]!["status"]));
        var pinned = Assert.Throws<SimulatorError>(() => _sim.Sync("auto", Request("a1", "default"), "bosun"));
        Assert.Equal("Cannot sync to a1: auto-sync currently set to HEAD", pinned.Message);
        var rollback = Assert.Throws<SimulatorError>(() => _sim.Rollback("auto", 0, "default", "bosun"));
        Assert.Equal("rollback cannot be initiated when auto-sync is enabled", rollback.Message);
    }

    [Fact]
    public void Rollback_RedeploysAHistoryEntry_UnknownIdIsRefused()
    {
        foreach (var revision in new[] { "r2", "r3" })
        {
            _sim.Push("podtato", revision);
            _sim.Sync("podtato", Request(), "bosun");
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        _sim.Rollback("podtato", 0, "team", "bosun");
        _time.Advance(TimeSpan.FromSeconds(2));
        var app = _sim.Get("podtato", "team");
        Assert.Equal("r2", Str(app["status"]!["operationState"]!["syncResult"]!["revision"]));
        Assert.Equal("OutOfSync", Str(app["status"]!["sync"]!["status"]));
        Assert.Equal(400, Assert.Throws<SimulatorError>(() => _sim.Rollback("podtato", 99, "team", "bosun")).HttpStatus);
    }

    [Fact]
    public void History_IsCappedAtTen()
    {
        for (var i = 0; i < 12; i++)
        {
            _sim.Push("podtato", $"v{i}");
            _sim.Sync("podtato", Request(), "bosun");
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var history = _sim.Get("podtato", "team")["status"]!["history"]!.AsArray();
        Assert.Equal(10, history.Count);
        Assert.Equal("v2", Str(history[0]!["revision"]));
    }

    [Fact]
    public void Get_MissingApp_Is403WithoutProject_404WithIt_AndWrongProjectIs404()
    {
        Assert.Equal(403, Assert.Throws<SimulatorError>(() => _sim.Get("nope", null)).HttpStatus);
        Assert.Equal(404, Assert.Throws<SimulatorError>(() => _sim.Get("nope", "team")).HttpStatus);
        Assert.Equal(404, Assert.Throws<SimulatorError>(() => _sim.Get("podtato", "other")).HttpStatus);
    }

    [Fact]
    public void Terminate_NothingRunningIs400_RunningEndsFailed()
    {
        Assert.Equal("Unable to terminate operation. No operation is in progress", Assert.Throws<SimulatorError>(() => _sim.Terminate("podtato", "team")).Message);
        _sim.Push("podtato", "r2");
        _sim.Sync("podtato", Request(), "bosun");
        _sim.Terminate("podtato", "team");
        Assert.Equal("Terminating", Str(_sim.Get("podtato", "team")["status"]!["operationState"]!["phase"]));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("Operation terminated", Str(_sim.Get("podtato", "team")["status"]!["operationState"]!["message"]));
    }

    [Fact]
    public async Task Watch_SendsSnapshotThenChanges_AndDropsWhatItIsToldTo()
    {
        using var cancel = new CancellationTokenSource();
        var reader = _sim.Watch("team", null, null, cancel.Token);
        var snapshot = await reader.ReadAsync();
        Assert.Equal(("ADDED", "podtato"), (snapshot.Type, Str(snapshot.Application["metadata"]!["name"])));
        _sim.DropNextEvents(1);
        _sim.Push("podtato", "r2");
        _sim.Push("podtato", "r3");
        var change = await reader.ReadAsync();
        Assert.Equal("MODIFIED", change.Type);
        Assert.Equal("r3", Str(change.Application["status"]!["sync"]!["revision"]));
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Watch_AWatcherThatFallsBehind_LosesTheNewestEvents()
    {
        _sim.WatchBufferSize = 2;
        var reader = _sim.Watch(null, null, null, CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            _sim.Push("podtato", $"x{i}");
        }
        var seen = new List<WatchEvent>();
        while (reader.TryRead(out var evt))
        {
            seen.Add(evt);
        }
        Assert.Equal(2, seen.Count); // the snapshot and the first change; the rest were dropped
    }

    [Theory]
    [InlineData("nope", "not valid JSON")]
    [InlineData("42", "object or a list")]
    [InlineData("""[{"revision":"r"}]""", "apps[0].name is required")]
    [InlineData("""{"name":"a"}""", "apps[0].revision is required")]
    [InlineData("""{"name":"a","revision":"r","labels":["x"]}""", "apps[0].labels")]
    [InlineData("""{"name":"a","revision":"r","syncSeconds":-1}""", "apps[0].syncSeconds")]
    public void AppSeed_BadInput_NamesTheField(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => AppSeed.Parse(json)).Message);
}
