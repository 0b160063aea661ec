using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Runs the store's housekeeping beside the writer once a second (SQLite: checkpoints the WAL once it has grown past a
/// few megabytes, so commits never stall on copying pages into the database file, and an idle or lightly loaded
/// server's commits do not share the disk with a checkpoint's sync), and once more at shutdown.
/// </summary>
internal sealed class CheckpointWorker(IStore store, TimeProvider time, ILogger<CheckpointWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                try
                {
                    await store.MaintainAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Store housekeeping failed; will retry");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await store.MaintainAsync(CancellationToken.None);
    }
}
