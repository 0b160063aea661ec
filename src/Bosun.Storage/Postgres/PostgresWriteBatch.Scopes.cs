using Bosun.Core.Sequences;
using Npgsql;

namespace Bosun.Storage.Postgres;

/// <summary>Scope locks and fencing (docs/architecture.md, "The unit of consistency is a scope").</summary>
public sealed partial class PostgresWriteBatch : ISharedWriteBatch
{
    private Dictionary<ScopeKey, long> _touched = [];

    public IReadOnlyDictionary<ScopeKey, long> Touched => _touched;

    public IReadOnlyDictionary<ScopeKey, long> LockScopes(IReadOnlyList<ScopeKey> scopes)
    {
        if (scopes.Count == 0)
        {
            Send();
            return new Dictionary<ScopeKey, long>();
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
            ReadVersions,
            ("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray()));
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

    public IReadOnlyList<SequenceExecution> LoadScope(ScopeKey scope) => Query(
        "SELECT json FROM sequences WHERE project = @p AND service = @s AND active = 1 ORDER BY ord",
        r =>
        {
            var executions = new List<SequenceExecution>();
            while (r.Read())
            {
                executions.Add(ExecutionJson.Read(r.GetString(0)));
            }
            return executions;
        },
        ("p", scope.Project), ("s", scope.Service));

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
