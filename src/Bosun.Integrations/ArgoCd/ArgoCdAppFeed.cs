namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// The newest state of every app the watch has shown, and a signal per app when it changes, so a delivery reacts
/// to Argo CD within milliseconds instead of polling. Reads never go back in time: an update older (by resource
/// version) than the one held is ignored.
/// </summary>
public sealed class ArgoCdAppFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _apps = new(StringComparer.Ordinal);

    /// <summary>The newest known state, or null when the watch has not shown the app (or it was deleted).</summary>
    public ArgoApp? Latest(string name)
    {
        lock (_gate)
        {
            return _apps.TryGetValue(name, out var entry) ? entry.App : null;
        }
    }

    /// <summary>The newest known state of every app the watch has shown (deleted ones left out).</summary>
    public IReadOnlyList<ArgoApp> All()
    {
        lock (_gate)
        {
            return [.. _apps.Values.Select(e => e.App).OfType<ArgoApp>()];
        }
    }

    /// <summary>Completes on the next update of the app (a deletion included).</summary>
    public Task NextChange(string name)
    {
        lock (_gate)
        {
            return Get(name).Changed.Task;
        }
    }

    /// <summary>Records a watch event or a read; returns false when it is older than what is held.</summary>
    public bool Update(ArgoApp app, bool deleted = false)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            var entry = Get(app.Name);
            if (!deleted && entry.App is { } held && app.ResourceVersion < held.ResourceVersion)
            {
                return false;
            }
            entry.App = deleted ? null : app;
            changed = entry.Changed;
            entry.Changed = NewSignal();
        }
        changed.TrySetResult();
        return true;
    }

    private Entry Get(string name)
    {
        if (!_apps.TryGetValue(name, out var entry))
        {
            _apps[name] = entry = new Entry();
        }
        return entry;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Entry
    {
        public ArgoApp? App { get; set; }
        public TaskCompletionSource Changed { get; set; } = NewSignal();
    }
}
