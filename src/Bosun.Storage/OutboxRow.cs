using Bosun.Core.Events;

namespace Bosun.Storage;

/// <summary>A stored event waiting for the hand-over to the built-in integrations.</summary>
public sealed record OutboxRow(long Seq, long EventSeq, KeptnEvent Event);
