namespace Bosun.Storage;

/// <summary>A singleton's lease as its holder knows it; a commit fenced by it does nothing once the lease moved on.</summary>
public sealed record LeaseFence(string Name, string Owner, long Epoch);
