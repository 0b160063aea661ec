namespace Bosun.Storage;

/// <summary>
/// A task a built-in integration takes in hand (docs/architecture.md, "Claims, not memory"): the stored event it answers,
/// a key naming the part of it (e.g. one webhook of several), and the earliest time it may run.
/// </summary>
public sealed record WorkRecord(string Id, string Integration, long EventSeq, string Key, DateTimeOffset DueAt, DateTimeOffset Created);
