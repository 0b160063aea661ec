namespace Bosun.Storage;

/// <summary>The store did not answer when it was opened (a database server that is down or unreachable).</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
