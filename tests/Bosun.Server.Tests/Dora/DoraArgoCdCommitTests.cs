using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;
using Bosun.Server.Tests.ArgoCd;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Dora;

/// <summary>
/// DORA's lead time in native mode (DESIGN §7): the commit time is the Argo CD revision's commit date, read from
/// <c>GET /api/v1/applications/{app}/revisions/{rev}/metadata</c> when the watch starts the delivery, and the answer says so.
/// </summary>
public sealed class DoraArgoCdCommitTests : IAsyncLifetime
{
    private SimulatedArgoCdHost _argo = null!;
    private RunningServer _bosun = null!;

    public async Task InitializeAsync()
    {
        _argo = await SimulatedArgoCdHost.StartAsync();
        _argo.AddApp("podtato-kustomize");
        _bosun = await _argo.StartBosunAsync();
        await _bosun.CreateProjectAsync("podtato", Shipyards.ArgoDelivery, "helloservice");
    }

    public async Task DisposeAsync()
    {
        await _bosun.DisposeAsync();
        await _argo.DisposeAsync();
    }

    private async Task<JsonObject> DeliverAsync(string revision, TimeSpan committedAgo)
    {
        var committed = DateTimeOffset.UtcNow - committedAgo;
        _argo.Simulation.Push("podtato-kustomize", revision, commit: new SimulatedCommit("dev <dev@example.com>", committed, $"change {revision}"));
        var finished = await Eventually.Until(() => _bosun.EventsAsync("sh.keptn.event.dev.delivery.finished"),
            events => events.Any(e => e["data"]!["labels"]?["version"]?.GetValue<string>() == revision), TimeSpan.FromSeconds(20), $"the delivery of {revision}");
        return finished.First(e => e["data"]!["labels"]!["version"]!.GetValue<string>() == revision);
    }

    [Fact]
    public async Task LeadTime_StartsAtTheRevisionsCommitDate()
    {
        // Committed 3 h and 1 h before they were pushed; each delivery takes well under a minute, and Argo CD keeps
        // whole seconds: lead times 3 h + d1 and 1 h + d2, whose median (of two, their mean) is 2 h plus under a minute.
        var first = await DeliverAsync("r2", TimeSpan.FromHours(3));
        await DeliverAsync("r3", TimeSpan.FromHours(1));
        Assert.Equal("argocd", first["data"]!["labels"]!["commitTimeSource"]!.GetValue<string>());
        Assert.EndsWith("Z", first["data"]!["labels"]!["commitTime"]!.GetValue<string>(), StringComparison.Ordinal);

        var dora = await RunningServer.ReadAsync(await _bosun.Client.GetAsync("/api/bosun/v1/dora?project=podtato"));
        Assert.Equal(2, dora["deploymentFrequency"]!["deployments"]!.GetValue<int>());
        var lead = dora["leadTimeForChanges"]!;
        Assert.Equal(("argocd", 2), (lead["source"]!.GetValue<string>(), lead["samples"]!.GetValue<int>()));
        Assert.InRange(lead["medianSeconds"]!.GetValue<double>(), 7200 - 1, 7200 + 60);
    }

    [Fact]
    public async Task RevisionMetadata_AnswersAsArgoCdDoes_ForKnownAndUnknownRevisions()
    {
        // The simulator answers as Argo CD's repo server does for a revision it cannot resolve: gRPC Unknown, HTTP 500.
        var simulation = _argo.Simulation;
        var error = Assert.Throws<SimulatorError>(() => simulation.RevisionMetadata("podtato-kustomize", "nope", null));
        Assert.Equal((500, 2), (error.HttpStatus, error.GrpcCode));
        using var http = new HttpClient { BaseAddress = new Uri(_argo.Url) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", SimulatedArgoCdHost.Token);
        var answer = await http.GetAsync("/api/v1/applications/podtato-kustomize/revisions/nope/metadata");
        Assert.Equal(500, (int)answer.StatusCode);
        var known = JsonNode.Parse(await http.GetStringAsync("/api/v1/applications/podtato-kustomize/revisions/r1/metadata"))!;
        Assert.Equal("initial commit", known["message"]!.GetValue<string>());
        Assert.Empty(known["tags"]!.AsArray());
    }
}
