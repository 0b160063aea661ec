using System.Collections.Concurrent;

namespace Bosun.Server.Workers;

/// <summary>
/// Values of things that never change (stored events), kept up to <paramref name="capacity"/> entries: past it the oldest
/// entry is forgotten first, one at a time, so the memory stays flat under steady load and what was kept last stays.
/// </summary>
internal sealed class OldestFirstCache<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, TValue> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public int Count => _values.Count;

    public bool TryGet(string key, out TValue value) => _values.TryGetValue(key, out value!);

    public void Remember(string key, TValue value)
    {
        if (!_values.TryAdd(key, value))
        {
            return;
        }
        _order.Enqueue(key);
        while (_values.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _values.TryRemove(oldest, out _);
        }
    }
}
