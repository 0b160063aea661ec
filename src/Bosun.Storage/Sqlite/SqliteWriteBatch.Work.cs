namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteWriteBatch
{
    public bool AddWork(WorkRecord work, string owner, DateTimeOffset leaseUntil) => Execute(
        """
        INSERT OR IGNORE INTO work (id, integration, event_seq, key, due_at, owner, lease_until, epoch, attempts, created)
        VALUES ($id, $integration, $seq, $key, $due, $owner, $until, 1, 1, $created)
        """,
        ("$id", work.Id), ("$integration", work.Integration), ("$seq", work.EventSeq), ("$key", work.Key),
        ("$due", SqliteStore.Ms(work.DueAt)), ("$owner", owner), ("$until", SqliteStore.Ms(leaseUntil)), ("$created", SqliteStore.Ms(work.Created))) > 0;

    public IReadOnlyList<WorkClaim> ClaimWork(IReadOnlyList<string> integrations, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        var names = string.Join(", ", integrations.Select((_, i) => $"$i{i}"));
        var parameters = new List<(string, object?)> { ("$owner", owner), ("$now", SqliteStore.Ms(now)), ("$until", SqliteStore.Ms(leaseUntil)), ("$limit", limit) };
        parameters.AddRange(integrations.Select((name, i) => ($"$i{i}", (object?)name)));
        // A row is free when nobody holds it or its holder's lease ran out; an owner never takes back its own rows.
        using var reader = Command(
            $"""
            UPDATE work SET owner = $owner, lease_until = $until, epoch = epoch + 1, attempts = attempts + 1
            WHERE id IN (
              SELECT id FROM work
              WHERE integration IN ({names}) AND due_at <= $now
                AND (owner IS NULL OR (lease_until < $now AND owner <> $owner))
              ORDER BY event_seq LIMIT $limit)
            RETURNING id, integration, key, epoch, attempts, (SELECT json FROM events WHERE seq = work.event_seq)
            """, [.. parameters]).ExecuteReader();
        var claims = new List<WorkClaim>();
        while (reader.Read())
        {
            claims.Add(new WorkClaim(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4),
                SqliteStore.ReadEvent(reader.GetString(5))));
        }
        return claims;
    }

    public int RenewWork(string owner, IReadOnlyList<string> ids, DateTimeOffset leaseUntil)
    {
        var renewed = 0;
        foreach (var id in ids)
        {
            renewed += Execute("UPDATE work SET lease_until = $until WHERE id = $id AND owner = $owner",
                ("$until", SqliteStore.Ms(leaseUntil)), ("$id", id), ("$owner", owner));
        }
        return renewed;
    }

    public bool CompleteWork(string id, string owner, long epoch) =>
        Execute("DELETE FROM work WHERE id = $id AND owner = $owner AND epoch = $epoch", ("$id", id), ("$owner", owner), ("$epoch", epoch)) > 0;

    public bool ReleaseWork(string id, string owner, long epoch, DateTimeOffset dueAt) =>
        Execute("UPDATE work SET owner = NULL, lease_until = NULL, due_at = $due WHERE id = $id AND owner = $owner AND epoch = $epoch",
            ("$due", SqliteStore.Ms(dueAt)), ("$id", id), ("$owner", owner), ("$epoch", epoch)) > 0;
}
