using Bosun.ArgoCdSimulator.Model;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Integrations.Tests.ArgoCd;

/// <summary>The Argo CD client against the simulator over HTTP: calls, error mapping (spec A1), the watch.</summary>
public sealed class ArgoCdClientTests : IAsyncLifetime
{
    private SimulatedArgoCd _argo = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCd.StartAsync();
        _argo.Simulation.AddApp(new SimulatedApp
        {
            Name = "podtato",
            Project = "team",
            HeadRevision = "r1",
            Labels = { ["keptnProject"] = "podtato", ["keptnService"] = "web", ["stage"] = "dev" },
            // Long enough that no operation finishes while a test looks at it, however slow the machine.
            SyncDuration = TimeSpan.FromMinutes(10),
        });
        _argo.Simulation.AddApp(new SimulatedApp { Name = "auto", Project = "team", HeadRevision = "a1", AutoSync = true });
    }

    public async Task DisposeAsync() => await _argo.DisposeAsync();

    private static ArgoSyncRequest Sync(string? revision = "r2") =>
        new("team", revision, true, ["CreateNamespace=true"], new Dictionary<string, string> { ["triggeredid"] = "t-1", ["shkeptncontext"] = "c-1" });

    [Fact]
    public async Task GetAndList_WithProjectAndSelector()
    {
        var client = _argo.Client();
        var app = await client.GetAsync("podtato", "team", CancellationToken.None);
        Assert.Equal("r1", app["status"]!["sync"]!["revision"]!.GetValue<string>());
        var listed = await client.ListAsync("team", "keptnProject=podtato,stage=dev", CancellationToken.None);
        Assert.Equal("podtato", Assert.Single(listed)["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sync_SendsRevisionPruneOptionsAndInfos_SecondSyncIsOperationInProgress()
    {
        _argo.Simulation.Push("podtato", "r2");
        var client = _argo.Client();
        var started = await client.SyncAsync("podtato", Sync(), CancellationToken.None);
        var operation = started["operation"]!;
        Assert.Equal("r2", operation["sync"]!["revision"]!.GetValue<string>());
        Assert.True(operation["sync"]!["prune"]!.GetValue<bool>());
        Assert.Equal("CreateNamespace=true", operation["sync"]!["syncOptions"]![0]!.GetValue<string>());
        Assert.Equal(["t-1", "c-1"], operation["info"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
        var busy = await Assert.ThrowsAsync<ArgoCdException>(() => client.SyncAsync("podtato", Sync(), CancellationToken.None));
        Assert.Equal((ArgoCdErrorKind.OperationInProgress, 400), (busy.Kind, busy.Status));
    }

    [Theory]
    [InlineData("ghost", "team", ArgoCdErrorKind.NotFound, 404)]
    [InlineData("ghost", null, ArgoCdErrorKind.PermissionDenied, 403)]
    [InlineData("podtato", "other", ArgoCdErrorKind.NotFound, 404)]
    public async Task Get_Missing_MapsTo403Or404(string app, string? project, ArgoCdErrorKind kind, int status)
    {
        var error = await Assert.ThrowsAsync<ArgoCdException>(() => _argo.Client().GetAsync(app, project, CancellationToken.None));
        Assert.Equal((kind, status), (error.Kind, error.Status));
    }

    [Fact]
    public async Task BadToken_IsUnauthorized()
    {
        var error = await Assert.ThrowsAsync<ArgoCdException>(() => _argo.Client("wrong").GetAsync("podtato", "team", CancellationToken.None));
        Assert.Equal(ArgoCdErrorKind.Unauthorized, error.Kind);
    }

    [Fact]
    public async Task UnreachableArgoCd_IsUnavailable_NamingTheAddress()
    {
        var error = await Assert.ThrowsAsync<ArgoCdException>(() => _argo.Client(address: new Uri("http://127.0.0.1:9/")).GetAsync("podtato", "team", CancellationToken.None));
        Assert.Equal((ArgoCdErrorKind.Unavailable, 0), (error.Kind, error.Status));
        Assert.Contains("127.0.0.1:9", error.Message);
    }

    [Fact]
    public async Task RollbackAndPinnedSync_OnAutoSyncApp_AreRejectedWithArgoCdsMessage()
    {
        var client = _argo.Client();
        var rollback = await Assert.ThrowsAsync<ArgoCdException>(() => client.RollbackAsync("auto", 0, "team", CancellationToken.None));
        Assert.Equal(ArgoCdErrorKind.Rejected, rollback.Kind);
        Assert.Equal("rollback cannot be initiated when auto-sync is enabled", rollback.Message);
        var pinned = await Assert.ThrowsAsync<ArgoCdException>(() => client.SyncAsync("auto", Sync("a0"), CancellationToken.None));
        Assert.StartsWith("Cannot sync to a0", pinned.Message);
    }

    [Fact]
    public async Task Terminate_WithNothingRunning_IsRejected()
    {
        var error = await Assert.ThrowsAsync<ArgoCdException>(() => _argo.Client().TerminateAsync("podtato", "team", CancellationToken.None));
        Assert.Equal(ArgoCdErrorKind.Rejected, error.Kind);
    }

    [Fact]
    public async Task Watch_ReconnectsAndRelists_SoADroppedChangeIsStillSeen()
    {
        var watch = new ArgoCdWatch(_argo.Client(), TimeProvider.System);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = watch.FollowAsync("team", null, cancel.Token).GetAsyncEnumerator(cancel.Token);
        async Task<ArgoWatchEvent> NextFor(string app, Func<ArgoWatchEvent, bool> until)
        {
            while (await events.MoveNextAsync())
            {
                if (events.Current.Name == app && until(events.Current))
                {
                    return events.Current;
                }
            }
            throw new InvalidOperationException("watch ended");
        }
        string Revision(ArgoWatchEvent e) => e.Application["status"]!["sync"]!["revision"]!.GetValue<string>();

        Assert.Equal("r1", Revision(await NextFor("podtato", _ => true)));
        // This change never reaches the stream; the connection then drops. The re-list after reconnecting shows it.
        _argo.Simulation.DropNextEvents(1);
        _argo.Simulation.Push("podtato", "r9");
        _argo.Simulation.DisconnectWatchers();
        var seen = await NextFor("podtato", e => Revision(e) == "r9");
        Assert.Equal("ADDED", seen.Type);
    }
}
