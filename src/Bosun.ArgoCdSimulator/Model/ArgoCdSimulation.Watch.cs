using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Bosun.ArgoCdSimulator.Model;

public sealed partial class ArgoCdSimulation
{
    /// <summary>
    /// Watches applications like <c>GET /api/v1/stream/applications</c>: an <c>ADDED</c> snapshot of every matching
    /// app first, then changes. A watcher that falls <see cref="WatchBufferSize"/> events behind loses the newest ones.
    /// </summary>
    public ChannelReader<WatchEvent> Watch(string? project, string? selector, string? name, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(WatchBufferSize) { FullMode = BoundedChannelFullMode.DropWrite });
        var watcher = new Watcher(channel, project, selector, name);
        lock (_gate)
        {
            foreach (var app in _apps.Values.Where(a => Matches(a, project, selector, name)).OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                channel.Writer.TryWrite(new WatchEvent("ADDED", ApplicationJson.ToJson(app)));
            }
            _watchers.Add(watcher);
        }
        cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    /// <summary>Ends every open watch, as a restarted Argo CD server or a dropped connection would.</summary>
    public void DisconnectWatchers()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Channel.Writer.TryComplete();
            }
            _watchers.Clear();
        }
    }

    /// <summary>The next <paramref name="count"/> change events reach no watcher (Argo CD's lossy broadcaster).</summary>
    public void DropNextEvents(int count)
    {
        lock (_gate)
        {
            _toDrop += count;
        }
    }

    private int _toDrop;

    /// <summary>Every change of an app, never dropped (what Argo CD's own controllers, like notifications, see).</summary>
    public event Action<JsonObject>? AppChanged;

    private void Publish(string type, SimulatedApp app)
    {
        AppChanged?.Invoke(ApplicationJson.ToJson(app));
        if (_toDrop > 0)
        {
            _toDrop--;
            return;
        }
        var json = ApplicationJson.ToJson(app);
        foreach (var watcher in _watchers.Where(w => Matches(app, w.Project, w.Selector, w.Name)))
        {
            watcher.Channel.Writer.TryWrite(new WatchEvent(type, json));
        }
    }

    private sealed record Watcher(Channel<WatchEvent> Channel, string? Project, string? Selector, string? Name);
}
