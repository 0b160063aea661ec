namespace Bosun.Server.Workers;

/// <summary>Wakes the work runner when a transaction handed work to the built-in integrations.</summary>
internal sealed class WorkSignal : WakeSignal;
