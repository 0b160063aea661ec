using Bosun.Server.Tests.Faults;
using Bosun.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Workers;

/// <summary>
/// docs/architecture.md, "Flushed commits": the writer skips waiting for the disk only on its own bookkeeping, which a
/// crash makes it redo (the hand-over of stored events, claims and leases of work rows). Every commit that stores an
/// event, an answer or a client's input is flushed before anyone hears of it.
/// </summary>
public sealed class FlushedCommitsTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private FaultyStore _recorder = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync(configure: services =>
    {
        var opened = services.Single(d => d.ServiceType == typeof(IStore));
        services.Replace(ServiceDescriptor.Singleton<IStore>(sp =>
        {
            var (store, recorder) = FaultyStore.Wrap((IStore)opened.ImplementationFactory!(sp));
            _recorder = recorder;
            return store;
        }));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AnEvaluationThroughAnOutsideProvider_StoresEveryEventInAFlushedCommit_AndHandsOverWithoutFlushing()
    {
        await CreateAsync(_server, "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);
        var context = await EvaluateAsync(_server, new { timeframe = "5m" });
        await ProvideAsync(_server, await OpenGetSliAsync(_server, context), ("response_time_p95", 200), ("throughput", 200), ("error_rate", 0));
        Assert.Equal("pass", (await FinishedAsync(_server, context))["data"]!["result"]!.GetValue<string>());

        var commits = _recorder.Committed.ToList();
        Assert.NotEmpty(commits);
        Assert.All(commits.Where(c => c.Events > 0), c => Assert.True(c.Flushed, $"a commit storing {c.Events} event(s) was not flushed"));
        // The hand-overs of the lighthouse's work (evaluation.triggered, get-sli.finished) store nothing and wait for no disk.
        Assert.Contains(commits, c => c is { Flushed: false, Events: 0 });
    }
}
