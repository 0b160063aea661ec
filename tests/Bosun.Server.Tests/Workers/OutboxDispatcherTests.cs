using System.Threading.Channels;
using Bosun.Core.Events;
using Bosun.Server.Workers;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests.Workers;

/// <summary>Built-in integrations see every committed event, in commit order, through the outbox.</summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly RecordingSubscriber _subscriber = new();
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: services => services.AddSingleton<IEventSubscriber>(_subscriber));
        await _server.CreateProjectAsync("ob", Shipyards.Minimal, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Subscriber_ReceivesInboundAndEmittedEvents_InCommitOrder()
    {
        var ctx = await _server.TriggerAsync("ob", "dev", "artifact-delivery", "web", "1");
        await _server.AnswerAsync(Assert.Single(await _server.OpenAsync("deliver", "ob"))!);
        var seen = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!seen.Contains("sh.keptn.event.dev.artifact-delivery.finished"))
        {
            var evt = await _subscriber.Events.Reader.ReadAsync(deadline.Token);
            if (evt.KeptnContext == ctx)
            {
                seen.Add(evt.Type);
            }
        }
        Assert.Equal(
        [
            "sh.keptn.event.dev.artifact-delivery.triggered", "sh.keptn.event.deliver.triggered", "sh.keptn.event.deliver.started",
            "sh.keptn.event.deliver.finished", "sh.keptn.event.dev.artifact-delivery.finished",
        ], seen);
    }

    private sealed class RecordingSubscriber : IEventSubscriber
    {
        public Channel<KeptnEvent> Events { get; } = Channel.CreateUnbounded<KeptnEvent>();

        public Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken) => Events.Writer.WriteAsync(evt, cancellationToken).AsTask();
    }
}
