namespace Bosun.Server.Workers;

/// <summary>
/// Wakes the UI's live feed when events were stored: by this process's writer, or (on a shared store) by another
/// replica's, as its wake-up says; the feed's poll stays as the fallback.
/// </summary>
internal sealed class StoredSignal : WakeSignal;
