namespace Bosun.Storage.Postgres;

public sealed partial class PostgresWriteBatch
{
    public bool AddWork(WorkRecord work, string owner, DateTimeOffset leaseUntil) => Execute(
        """
        INSERT INTO work (id, integration, event_seq, key, due_at, owner, lease_until, epoch, attempts, created)
        VALUES (@id, @integration, @seq, @key, @due, @owner, @until, 1, 1, @created) ON CONFLICT DO NOTHING
        """,
        ("id", work.Id), ("integration", work.Integration), ("seq", work.EventSeq), ("key", work.Key), ("due", StoredValues.Ms(work.DueAt)),
        ("owner", owner), ("until", StoredValues.Ms(leaseUntil)), ("created", StoredValues.Ms(work.Created))) > 0;

    public IReadOnlyList<WorkClaim> ClaimWork(IReadOnlyList<string> integrations, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        // SKIP LOCKED: replicas claiming at once take different rows instead of waiting for each other.
        return Query(
            """
            UPDATE work SET owner = @owner, lease_until = @until, epoch = epoch + 1, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM work
              WHERE integration = ANY(@integrations) AND due_at <= @now
                AND (owner IS NULL OR (lease_until < @now AND owner <> @owner))
              ORDER BY event_seq LIMIT @limit FOR UPDATE SKIP LOCKED)
            RETURNING id, integration, key, epoch, attempts, (SELECT json FROM events WHERE seq = work.event_seq)
            """,
            reader =>
            {
                var claims = new List<WorkClaim>();
                while (reader.Read())
                {
                    claims.Add(new WorkClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4), StoredValues.Event(reader.GetString(5))));
                }
                return (IReadOnlyList<WorkClaim>)claims;
            },
            ("owner", owner), ("until", StoredValues.Ms(leaseUntil)), ("integrations", integrations.ToArray()), ("now", StoredValues.Ms(now)), ("limit", limit));
    }

    public int RenewWork(string owner, IReadOnlyList<string> ids, DateTimeOffset leaseUntil) =>
        Execute("UPDATE work SET lease_until = @until WHERE id = ANY(@ids) AND owner = @owner", ("until", StoredValues.Ms(leaseUntil)), ("ids", ids.ToArray()), ("owner", owner));

    public bool CompleteWork(string id, string owner, long epoch) =>
        Execute("DELETE FROM work WHERE id = @id AND owner = @owner AND epoch = @epoch", ("id", id), ("owner", owner), ("epoch", epoch)) > 0;

    public bool ReleaseWork(string id, string owner, long epoch, DateTimeOffset dueAt)
    {
        var released = Execute("UPDATE work SET owner = NULL, lease_until = NULL, due_at = @due WHERE id = @id AND owner = @owner AND epoch = @epoch",
            ("due", StoredValues.Ms(dueAt)), ("id", id), ("owner", owner), ("epoch", epoch)) > 0;
        _wakes |= released ? Wakes.Work : Wakes.None;
        return released;
    }
}
