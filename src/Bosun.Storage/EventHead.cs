namespace Bosun.Storage;

/// <summary>
/// A stored event's place in the store (its <c>seq</c>) and where it belongs, without its payload: what the UI's live
/// feed tells open pages (DESIGN §6).
/// </summary>
public sealed record EventHead(long Seq, string Type, string KeptnContext, string? Project, string? Stage, string? Service);
