namespace Bosun.Storage;

/// <summary>
/// A named API token (DESIGN §8): its role, the projects it is limited to (null: all), when it was made, and the
/// SHA-256 of its value; the value itself is never stored.
/// </summary>
public sealed record TokenRecord(string Name, string Role, IReadOnlyList<string>? Projects, byte[] Hash, DateTimeOffset Created);
