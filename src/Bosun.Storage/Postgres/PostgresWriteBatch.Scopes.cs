using Bosun.Core.Sequences;

namespace Bosun.Storage.Postgres;

/// <summary>Scope locks and fencing (docs/architecture.md, "The unit of consistency is a scope").</summary>
public sealed partial class PostgresWriteBatch : ISharedWriteBatch
{
    public IReadOnlyDictionary<ScopeKey, long> LockScopes(IReadOnlyList<ScopeKey> scopes)
    {
        if (scopes.Count == 0)
        {
            return new Dictionary<ScopeKey, long>();
        }
        // One statement locks them all, in the order given; the no-op update is what takes the row lock of a scope
        // that exists. A new scope starts at a fresh number, so a copy of a deleted namesake never looks current.
        using var command = Command(
            """
            INSERT INTO scopes (project, service, version)
            SELECT p, s, nextval('scope_versions') FROM unnest(@projects, @services) WITH ORDINALITY AS t(p, s, n) ORDER BY n
            ON CONFLICT (project, service) DO UPDATE SET version = scopes.version
            RETURNING project, service, version
            """,
            [("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray())]);
        return ReadVersions(command);
    }

    public IReadOnlyDictionary<ScopeKey, long> TouchScopes(IReadOnlyCollection<ScopeKey> scopes)
    {
        if (scopes.Count == 0)
        {
            return new Dictionary<ScopeKey, long>();
        }
        using var command = Command(
            """
            UPDATE scopes SET version = nextval('scope_versions')
            FROM unnest(@projects, @services) AS t(p, s) WHERE project = t.p AND service = t.s
            RETURNING project, service, version
            """,
            [("projects", scopes.Select(s => s.Project).ToArray()), ("services", scopes.Select(s => s.Service).ToArray())]);
        return ReadVersions(command);
    }

    public IReadOnlyList<SequenceExecution> LoadScope(ScopeKey scope)
    {
        using var command = Command("SELECT json FROM sequences WHERE project = @p AND service = @s AND active = 1 ORDER BY ord",
            [("p", scope.Project), ("s", scope.Service)]);
        using var reader = command.ExecuteReader();
        var executions = new List<SequenceExecution>();
        while (reader.Read())
        {
            executions.Add(ExecutionJson.Read(reader.GetString(0)));
        }
        return executions;
    }

    public ScopeKey? FindTaskScope(string triggeredId)
    {
        using var command = Command("SELECT project, service FROM open_tasks WHERE triggeredid = @id AND project IS NOT NULL AND service IS NOT NULL",
            [("id", triggeredId)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ScopeKey(reader.GetString(0), reader.GetString(1)) : null;
    }

    public ScopeKey? FindContextScope(string project, string keptnContext)
    {
        using var command = Command("SELECT project, service FROM contexts WHERE context = @c AND project = @p", [("c", keptnContext), ("p", project)]);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ScopeKey(reader.GetString(0), reader.GetString(1)) : null;
    }

    public int DeleteOutbox(long upToSeq, LeaseFence fence) => Execute(
        """
        DELETE FROM outbox WHERE seq <= @seq
          AND EXISTS (SELECT 1 FROM leases WHERE name = @name AND owner = @owner AND epoch = @epoch)
        """,
        ("seq", upToSeq), ("name", fence.Name), ("owner", fence.Owner), ("epoch", fence.Epoch));

    private static Dictionary<ScopeKey, long> ReadVersions(Npgsql.NpgsqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var versions = new Dictionary<ScopeKey, long>();
        while (reader.Read())
        {
            versions[new ScopeKey(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }
        return versions;
    }
}
