namespace Bosun.Server.Workers;

/// <summary>Wakes the outbox dispatcher when a transaction stored events.</summary>
internal sealed class OutboxSignal : WakeSignal;
