using Bosun.Core.Events;

namespace Bosun.Storage;

/// <summary>Reads of the event store (spec §4.4) and of the open tasks executors poll for.</summary>
public interface IEventStore
{
    /// <summary>Events matching every given filter, newest first; each filter is served by an index.</summary>
    Task<Page<KeptnEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="QueryEventsAsync"/>, each event as the JSON it is stored as (its wire form).</summary>
    Task<Page<string>> QueryEventsJsonAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>Only the ids of the events a query matches, newest first (no JSON read back).</summary>
    Task<IReadOnlyList<string>> QueryEventIdsAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>Open task <c>.triggered</c> events of one type, oldest first, as executors poll for them.</summary>
    Task<Page<KeptnEvent>> QueryOpenTasksAsync(OpenTaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="QueryOpenTasksAsync"/>, each event as its stored JSON.</summary>
    Task<Page<string>> QueryOpenTasksJsonAsync(OpenTaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Events stored with a <c>seq</c> above <paramref name="after"/> or among <paramref name="alsoSeqs"/> (numbers a
    /// reader saw missing: on PostgreSQL a lower number may commit after a higher one), in <c>seq</c> order.
    /// </summary>
    Task<IReadOnlyList<EventHead>> ReadEventHeadsAsync(long after, IReadOnlyCollection<long> alsoSeqs, int limit, CancellationToken cancellationToken = default);

    /// <summary>The highest <c>seq</c> stored, 0 when there is no event.</summary>
    Task<long> MaxEventSeqAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest event of each type for one service in one stage (Keptn's <c>lastEventTypes</c>).</summary>
    Task<IReadOnlyList<LatestEvent>> LatestEventsByTypeAsync(string project, string stage, string service, CancellationToken cancellationToken = default);
}
