using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>Scope locks and fencing (docs/architecture.md, "The unit of consistency is a scope").</summary>
public sealed partial class PostgresWriteBatch : ISharedWriteBatch
{
    private Dictionary<ScopeKey, long> _touched = [];

    public IReadOnlyDictionary<ScopeKey, long> Touched => _touched;

    public IReadOnlyDictionary<ScopeKey, long> LockScopes(IReadOnlyList<ScopeKey> scopes, bool skipLocked = false)
    {
        if (scopes.Count == 0)
        {
            Send();
            return new Dictionary<ScopeKey, long>();
        }
        (string, object?)[] parameters = [("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray())];
        if (skipLocked)
        {
            // Scopes that exist are locked unless another transaction holds them (then they are left out); new ones are
            // inserted, which locks them. Only scopes not there are inserted: a conflict check on a row another
            // transaction changed would wait for it. The insert's rows are not in the lock's snapshot, so each comes once.
            return Query(
                """
                WITH wanted AS (SELECT p, s, n FROM unnest(@projects, @services) WITH ORDINALITY AS t(p, s, n)),
                added AS (
                  INSERT INTO scopes (project, service, version)
                  SELECT p, s, nextval('scope_versions') FROM wanted
                  WHERE NOT EXISTS (SELECT 1 FROM scopes WHERE project = wanted.p AND service = wanted.s) ORDER BY n
                  ON CONFLICT (project, service) DO NOTHING
                  RETURNING project, service, version),
                held AS (
                  SELECT project, service, version FROM scopes
                  WHERE (project, service) IN (SELECT p, s FROM wanted)
                  ORDER BY project, service FOR UPDATE SKIP LOCKED)
                SELECT project, service, version FROM added UNION ALL SELECT project, service, version FROM held
                """,
                ReadVersions, parameters);
        }
        // One statement locks them all, in the order given; the no-op update is what takes the row lock of a scope
        // that exists. A new scope starts at a fresh number, so a copy of a deleted namesake never looks current.
        return Query(
            """
            INSERT INTO scopes (project, service, version)
            SELECT p, s, nextval('scope_versions') FROM unnest(@projects, @services) WITH ORDINALITY AS t(p, s, n) ORDER BY n
            ON CONFLICT (project, service) DO UPDATE SET version = scopes.version
            RETURNING project, service, version
            """,
            ReadVersions, parameters);
    }

    /// <summary>Sent with the commit; <see cref="Touched"/> has the new versions once it went out.</summary>
    public void TouchScopes(IReadOnlyCollection<ScopeKey> scopes)
    {
        if (scopes.Count == 0)
        {
            return;
        }
        Defer(
            """
            UPDATE scopes SET version = nextval('scope_versions')
            FROM unnest(@projects, @services) AS t(p, s) WHERE project = t.p AND service = t.s
            RETURNING project, service, version
            """,
            r => _touched = ReadVersions(r),
            ("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray()));
    }

    public IReadOnlyDictionary<ScopeKey, IReadOnlyList<SequenceExecution>> LoadScopes(IReadOnlyCollection<ScopeKey> scopes) => Query(
        """
        SELECT project, service, json FROM sequences
        WHERE (project, service) IN (SELECT * FROM unnest(@projects, @services)) AND active = 1 ORDER BY ord
        """,
        r =>
        {
            var executions = scopes.ToDictionary(s => s, _ => new List<SequenceExecution>());
            while (r.Read())
            {
                executions[new ScopeKey(r.GetString(0), r.GetString(1))].Add(ExecutionJson.Read(r.GetString(2)));
            }
            return (IReadOnlyDictionary<ScopeKey, IReadOnlyList<SequenceExecution>>)executions.ToDictionary(e => e.Key, e => (IReadOnlyList<SequenceExecution>)e.Value);
        },
        ("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray()));

    public ScopeKey? FindTaskScope(string triggeredId) => Query(
        "SELECT project, service FROM open_tasks WHERE triggeredid = @id AND project IS NOT NULL AND service IS NOT NULL",
        r => r.Read() ? new ScopeKey(r.GetString(0), r.GetString(1)) : (ScopeKey?)null, ("id", triggeredId));

    public ScopeKey? FindContextScope(string project, string keptnContext) => Query(
        "SELECT project, service FROM contexts WHERE context = @c AND project = @p",
        r => r.Read() ? new ScopeKey(r.GetString(0), r.GetString(1)) : (ScopeKey?)null, ("c", keptnContext), ("p", project));

    public void DeleteOutbox(IReadOnlyCollection<long> seqs, LeaseFence fence) => Defer(
        """
        DELETE FROM outbox WHERE seq = ANY(@seqs)
          AND EXISTS (SELECT 1 FROM leases WHERE name = @name AND owner = @owner AND epoch = @epoch)
        """,
        ("seqs", seqs.ToArray()), ("name", fence.Name), ("owner", fence.Owner), ("epoch", fence.Epoch));

    private static Dictionary<ScopeKey, long> ReadVersions(NpgsqlDataReader reader)
    {
        var versions = new Dictionary<ScopeKey, long>();
        while (reader.Read())
        {
            versions[new ScopeKey(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        return versions;
    }
}
