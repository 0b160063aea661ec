
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Hands committed events to the built-in integrations, in commit order, and has each outbox row removed only
/// after every subscriber took it: a crash in between replays the row (at-least-once; subscribers dedupe by id).
/// </summary>
internal sealed class OutboxDispatcher(
    IStore store,
    EventPipeline pipeline,
    OutboxSignal signal,
    IEnumerable<IEventSubscriber> subscribers,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan AckDelay = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var all = subscribers.ToList();
        // Rows handed out but not yet deleted are skipped by position; a restart starts over from the oldest row left.
        long handed = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var rows = await store.ReadOutboxAsync(500, handed);
                if (rows.Count == 0)
                {
                    // Idle: acknowledgements ride along with the next commit; if none comes soon, commit them alone.
                    if (!await signal.WaitAsync(AckDelay, stoppingToken) && pipeline.HasPendingOutboxAck)
                    {
                        await pipeline.Submit(_ => true);
                    }
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
                // Not a commit of its own: the writer deletes acknowledged rows in its next transaction, so an
                // acknowledgement never delays the answers the subscribers are about to write.
                handed = rows[^1].Seq;
                pipeline.AcknowledgeOutbox(handed);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && stoppingToken.IsCancellationRequested)
        {
        }
    }
}
