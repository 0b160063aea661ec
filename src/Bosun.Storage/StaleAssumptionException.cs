namespace Bosun.Storage;

/// <summary>
/// A transaction begun with <see cref="ISharedWriteBatch.TryAssume"/> found the store other than assumed (a scope or the
/// catalog moved, an event was stored already, a scope was locked elsewhere): nothing of it committed, and the writer
/// decides the same inputs again from what the store has.
/// </summary>
public sealed class StaleAssumptionException(string message, Exception inner) : Exception(message, inner);
