using System.Runtime.CompilerServices;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// A watch that does not end: Argo CD's stream drops events and connections, so after every (re)connect this
/// first re-lists every app (yielded as <c>ADDED</c>), then follows the stream; on failure it waits (1 s, doubling
/// to 30 s) and starts over. Consumers treat it as level-triggered: each event is the app's whole current state.
/// </summary>
public sealed class ArgoCdWatch(ArgoCdClient client, TimeProvider time)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>Raised with each failure before the next attempt (for logging).</summary>
    public event Action<Exception>? Disconnected;

    /// <summary>Why the watch is not following Argo CD now (its last failure, or that it has not connected yet); null while it follows.</summary>
    public string? Problem { get; private set; } = "not connected yet";

    public async IAsyncEnumerable<ArgoWatchEvent> FollowAsync(string? project, string? selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var events = Channel(project, selector, cancellationToken);
            await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ArgoWatchEvent current;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                    current = enumerator.Current;
                }
                catch (Exception e) when (e is ArgoCdException or IOException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
                {
                    Problem = e.Message;
                    Disconnected?.Invoke(e);
                    break;
                }
                delay = FirstDelay;
                yield return current;
            }
            await Task.Delay(delay, time, cancellationToken);
            delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
        }
    }

    private async IAsyncEnumerable<ArgoWatchEvent> Channel(string? project, string? selector, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var apps = await client.ListAsync(project, selector, cancellationToken);
        Problem = null;
        foreach (var app in apps)
        {
            yield return new ArgoWatchEvent("ADDED", app);
        }
        await foreach (var evt in client.WatchOnceAsync(project, selector, cancellationToken))
        {
            yield return evt;
        }
    }
}
