namespace Bosun.Storage;

/// <summary>Queries both stores run as they are (parameters written <c>@name</c>; SQLite's commands take <c>$name</c>).</summary>
internal static class SharedSql
{
    /// <summary>
    /// The newest event of each type for one service in one stage (Keptn's <c>lastEventTypes</c>), found with index
    /// lookups only: the types are walked one by one along <c>ix_events_type</c> (type, project, stage, service, seq),
    /// then each type's newest event of the service is one more lookup there. Grouping the service's events by type
    /// instead reads every event it ever had (a row lookup each for its type): a project read of 50 services took
    /// 660 ms after 6,000 sequences.
    /// </summary>
    /// <remarks>Its <c>{image}</c> is the store's expression for <see cref="LatestEvent.Image"/> of the row <c>e</c>.</remarks>
    public const string LatestByType = """
        WITH RECURSIVE types(type) AS (
          SELECT MIN(type) FROM events
          UNION ALL
          SELECT (SELECT MIN(e.type) FROM events e WHERE e.type > t.type) FROM types t WHERE t.type IS NOT NULL)
        SELECT e.type, e.id, e.context, e.time, {image} FROM types t
        JOIN events e ON e.seq = (SELECT MAX(l.seq) FROM events l WHERE l.type = t.type AND l.project = @p AND l.stage = @s AND l.service = @svc)
        ORDER BY e.seq DESC
        """;

    /// <summary>
    /// The services a stage has executions of, deleted services included, walked one by one along the index that
    /// starts (project, stage, service): a lookup per service rather than a read of every execution.
    /// </summary>
    public const string SequenceServices = """
        WITH RECURSIVE services(service) AS (
          SELECT MIN(service) FROM sequences WHERE project = @p AND stage = @s
          UNION ALL
          SELECT (SELECT MIN(q.service) FROM sequences q WHERE q.project = @p AND q.stage = @s AND q.service > v.service) FROM services v WHERE v.service IS NOT NULL)
        SELECT service FROM services WHERE service IS NOT NULL
        """;
}
