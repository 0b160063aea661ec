namespace Bosun.Server.Workers;

/// <summary>The writer's queue is full (DESIGN §8): nothing was queued or stored; the API answers 429 with <c>Retry-After</c>.</summary>
internal sealed class ServerBusyException(string message) : Exception(message);
