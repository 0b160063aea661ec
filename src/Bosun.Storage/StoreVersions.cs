namespace Bosun.Storage;

/// <summary>
/// Versions a shared store raises on every commit that changes them: the catalog (projects, services, shipyards) and
/// the resources. A process compares them with those of its copies before using the copies.
/// </summary>
public sealed record StoreVersions(long Catalog, long Resources);
