using Bosun.Core.Events;

namespace Bosun.Server.Workers;

/// <summary>A built-in integration: it sees every committed event, in order, at least once.</summary>
internal interface IEventSubscriber
{
    Task HandleAsync(KeptnEvent evt, CancellationToken cancellationToken);
}
