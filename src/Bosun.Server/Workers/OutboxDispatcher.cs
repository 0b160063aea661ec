using Bosun.Storage.Sqlite;

namespace Bosun.Server.Workers;

/// <summary>
/// Hands committed events to the built-in integrations, in commit order, and removes each outbox row only
/// after every subscriber took it: a crash in between replays the row (at-least-once; subscribers dedupe by id).
/// </summary>
internal sealed class OutboxDispatcher(
    SqliteStore store,
    EventPipeline pipeline,
    OutboxSignal signal,
    IEnumerable<IEventSubscriber> subscribers,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = subscribers.ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var rows = store.ReadOutbox(500);
                if (rows.Count == 0)
                {
                    await signal.WaitAsync(stoppingToken);
                    continue;
                }
                foreach (var (_, evt) in rows)
                {
                    foreach (var subscriber in all)
                    {
                        try
                        {
                            await subscriber.HandleAsync(evt, stoppingToken);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            log.LogError(e, "Subscriber {Subscriber} failed on {Type} {Id} (context {Context})",
                                subscriber.GetType().Name, evt.Type, evt.Id, evt.KeptnContext);
                        }
                    }
                }
                // Acknowledged through the writer, so it joins the next group commit instead of contending for the lock.
                var upTo = rows[^1].Seq;
                await pipeline.Submit(ctx => ctx.Batch.DeleteOutbox(upTo));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && stoppingToken.IsCancellationRequested)
        {
        }
    }
}
