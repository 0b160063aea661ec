using System.Collections.Concurrent;

namespace Bosun.Core.Events;

/// <summary>
/// The answers of a pure function of a string, kept for up to <paramref name="capacity"/> keys (a few more when threads
/// race): past it, an answer is computed each time, so keys a client makes up without end cannot grow memory.
/// </summary>
internal sealed class BoundedMemo<T>(int capacity, Func<string, T> compute)
{
    private readonly ConcurrentDictionary<string, T> _known = new(StringComparer.Ordinal);
    // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary, on each miss.
    private int _count;

    public T Get(string key)
    {
        if (_known.TryGetValue(key, out var known))
        {
            return known;
        }
        var value = compute(key);
        if (Volatile.Read(ref _count) < capacity && _known.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }
        return value;
    }
}
