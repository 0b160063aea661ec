namespace Bosun.Server.Workers;

/// <summary>Ends a claimed work row in the transaction of the answer that carries it (if the claim is still this one).</summary>
internal sealed record WorkEnd(string Id, string Owner, long Epoch);
