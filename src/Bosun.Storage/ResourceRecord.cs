namespace Bosun.Storage;

/// <summary>One version of a file in the resource store. Stage and service are empty at project level.</summary>
public sealed record ResourceRecord(string Project, string Stage, string Service, string Uri, long Version, byte[] Content, DateTimeOffset Created);
