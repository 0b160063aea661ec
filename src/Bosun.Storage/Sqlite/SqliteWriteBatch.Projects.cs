using System.Text.Json.Nodes;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteWriteBatch
{
    public void InsertProject(ProjectRecord project) => Execute(
        "INSERT INTO projects (name, created, json) VALUES ($name, $created, $json)",
        ("$name", project.Name), ("$created", SqliteStore.Ms(project.Created)), ("$json", project.Details.ToJsonString()));

    public void UpdateProject(string name, JsonObject details) =>
        Execute("UPDATE projects SET json = $json WHERE name = $name", ("$name", name), ("$json", details.ToJsonString()));

    /// <summary>Removes a project with its services, files, sequences and events.</summary>
    public void DeleteProject(string name)
    {
        foreach (var table in new[] { "projects WHERE name", "services WHERE project", "resources WHERE project", "sequences WHERE project", "contexts WHERE project", "open_tasks WHERE project", "events WHERE project", "project_settings WHERE project" })
        {
            Execute($"DELETE FROM {table} = $name", ("$name", name));
        }
    }

    public void AddAudit(AuditRecord entry) => Execute(
        "INSERT INTO audit (time, token, action, target, project) VALUES ($time, $token, $action, $target, $project)",
        ("$time", SqliteStore.Ms(entry.Time)), ("$token", entry.Token), ("$action", entry.Action), ("$target", entry.Target), ("$project", entry.Project));

    /// <summary>Sets a project setting (e.g. the lighthouse's <c>sli-provider</c>), replacing an earlier value.</summary>
    public void SetProjectSetting(string project, string name, string value) => Execute(
        "INSERT INTO project_settings (project, name, value) VALUES ($p, $n, $v) ON CONFLICT (project, name) DO UPDATE SET value = excluded.value",
        ("$p", project), ("$n", name), ("$v", value));

    public void InsertService(ServiceRecord service) => Execute(
        "INSERT INTO services (project, stage, name, created) VALUES ($project, $stage, $name, $created)",
        ("$project", service.Project), ("$stage", service.Stage), ("$name", service.Name), ("$created", SqliteStore.Ms(service.Created)));

    public void DeleteService(string project, string name)
    {
        Execute("DELETE FROM services WHERE project = $p AND name = $n", ("$p", project), ("$n", name));
        Execute("DELETE FROM resources WHERE project = $p AND service = $n", ("$p", project), ("$n", name));
    }

    /// <summary>Writes a new version of a file (null content deletes it) and returns the version number.</summary>
    public long PutResource(string project, string stage, string service, string uri, byte[]? content, DateTimeOffset now)
    {
        var version = (long)Scalar(
            """
            INSERT INTO resources (project, stage, service, uri, version, content, created)
            SELECT $p, $s, $svc, $uri, COALESCE(MAX(version), 0) + 1, $content, $now FROM resources
            WHERE project = $p AND stage = $s AND service = $svc AND uri = $uri
            RETURNING version
            """,
            ("$p", project), ("$s", stage), ("$svc", service), ("$uri", uri), ("$content", content), ("$now", SqliteStore.Ms(now)))!;
        return version;
    }
}
