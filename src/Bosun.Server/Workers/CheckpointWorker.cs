using Bosun.Storage.Sqlite;

namespace Bosun.Server.Workers;

/// <summary>
/// Checkpoints SQLite's WAL beside the writer, so commits never stall on copying pages into the database file
/// (SQLite's automatic checkpoint runs inside the commit that crosses 1000 pages). It looks once a second and
/// checkpoints when the WAL has grown past a few megabytes, so an idle or lightly loaded server's commits
/// do not share the disk with a checkpoint's sync.
/// </summary>
internal sealed class CheckpointWorker(SqliteStore store, TimeProvider time, ILogger<CheckpointWorker> log) : BackgroundService
{
    private const long WalThreshold = 4 * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wal = new FileInfo(store.Path + "-wal");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                wal.Refresh();
                if (!wal.Exists || wal.Length < WalThreshold)
                {
                    continue;
                }
                try
                {
                    store.Checkpoint();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "WAL checkpoint of {Path} failed; will retry", store.Path);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        store.Checkpoint();
    }
}
