namespace Bosun.Storage;

public sealed record ServiceRecord(string Project, string Stage, string Name, DateTimeOffset Created);
