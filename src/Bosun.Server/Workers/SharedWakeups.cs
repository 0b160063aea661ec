using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// On a shared store, wakes this process's dispatcher, work runner and live feed for what other replicas committed
/// (PostgreSQL's LISTEN/NOTIFY; docs/architecture.md, "Wake-ups"); their polls stay as the slow fallback.
/// </summary>
internal sealed class SharedWakeups(IStore store, OutboxSignal outbox, WorkSignal work, StoredSignal stored) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not ISharedStore shared)
        {
            return;
        }
        try
        {
            await shared.ListenAsync(what =>
            {
                if (what.Contains("Outbox", StringComparison.Ordinal))
                {
                    outbox.Notify();
                    stored.Notify();
                }
                if (what.Contains("Work", StringComparison.Ordinal))
                {
                    work.Notify();
                }
            }, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
