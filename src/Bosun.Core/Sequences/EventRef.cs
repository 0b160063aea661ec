namespace Bosun.Core.Sequences;

/// <summary>A pointer to an event, as the sequence-state view shows it.</summary>
public sealed record EventRef(string Type, string Id, DateTimeOffset Time);
