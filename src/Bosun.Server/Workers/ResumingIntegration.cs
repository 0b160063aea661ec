using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// A built-in integration that answers task <c>.triggered</c> events in the background and keeps nothing but what the
/// store holds: when it starts, every task of its types still open is handed to <see cref="Resume"/> again (answers
/// carry derived ids, so repeating a step stores nothing twice). It stops its background work on shutdown.
/// </summary>
internal abstract class ResumingIntegration(IStore store) : BackgroundService, IEventSubscriber
{
    private const int Page = 500;

    protected IStore Store { get; } = store;
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>Cancelled when the server stops.</summary>
    protected CancellationToken Shutdown => _shutdown.Token;

    protected bool ShuttingDown => _shutdown.IsCancellationRequested;

    /// <summary>The <c>.triggered</c> types whose open tasks are picked up again at start.</summary>
    protected abstract IReadOnlyList<string> ResumedTypes { get; }

    public abstract Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken);

    /// <summary>Takes up an open task found at start.</summary>
    protected abstract void Resume(KeptnEvent triggered);

    /// <summary>Runs <paramref name="work"/> in the background; failures other than the shutdown's go to <paramref name="crashed"/>.</summary>
    protected void Spawn(Func<Task> work, Action<Exception> crashed) => _ = Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && ShuttingDown)
        {
        }
        catch (Exception e)
        {
            crashed(e);
        }
    }, CancellationToken.None);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var type in ResumedTypes)
        {
            for (var offset = 0; ; offset += Page)
            {
                var page = await Store.QueryOpenTasksAsync(new OpenTaskQuery(type, null, null, null, null, offset, Page));
                foreach (var evt in page.Items)
                {
                    Resume(evt);
                }
                if (page.Items.Count < Page)
                {
                    break;
                }
            }
        }
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _shutdown.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _shutdown.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
