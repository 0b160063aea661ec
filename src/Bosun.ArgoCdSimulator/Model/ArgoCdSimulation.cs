using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>
/// The simulated Argo CD: applications, their git heads, one operation at a time per app, operations that run
/// for a while and then succeed or fail, health that settles after a sync, auto-sync, rollback, and a watch feed
/// that (like Argo CD's) drops events when a watcher falls behind. Thread-safe; time comes from a TimeProvider.
/// </summary>
public sealed partial class ArgoCdSimulation(TimeProvider time)
{
    private const int HistoryLimit = 10;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedApp> _apps = [];
    private readonly Dictionary<string, Dictionary<string, List<string>>> _images = [];
    private readonly Dictionary<string, Dictionary<string, SimulatedCommit>> _commits = [];
    private readonly List<Watcher> _watchers = [];
    private readonly List<AcceptedSync> _syncs = [];
    private long _operations;
    private int _refusals;

    public ArgoCdSimulation()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Events each watcher may have queued before new ones are dropped (Argo CD's default is 1000).</summary>
    public int WatchBufferSize { get; set; } = 1000;

    /// <summary>Every sync request the API accepted, in order (auto-sync and rollbacks not included).</summary>
    public IReadOnlyList<AcceptedSync> Syncs
    {
        get
        {
            lock (_gate)
            {
                return [.. _syncs];
            }
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> sync requests are refused with 400 "another operation is already in
    /// progress", as Argo CD answers when a watcher's view is behind (an operation was just set).
    /// </summary>
    public void RefuseNextSyncs(int count)
    {
        lock (_gate)
        {
            _refusals = count;
        }
    }

    public void AddApp(SimulatedApp app)
    {
        lock (_gate)
        {
            app.SyncedRevision = string.IsNullOrEmpty(app.SyncedRevision) ? app.HeadRevision : app.SyncedRevision;
            app.SyncStatus = app.SyncedRevision == app.HeadRevision ? "Synced" : "OutOfSync";
            _apps[app.Name] = app;
            _images[app.Name] = new() { [app.HeadRevision] = [.. app.Images] };
            _commits[app.Name] = new() { [app.HeadRevision] = new SimulatedCommit("simulator <simulator@example.com>", time.GetUtcNow(), "initial commit") };
            Publish("ADDED", app);
        }
    }

    /// <summary>A commit lands in the app's git source: the app goes <c>OutOfSync</c> at the new revision.</summary>
    /// <param name="commit">The commit's author, date and message, as <c>…/revisions/{revision}/metadata</c> reports them; now by default.</param>
    public void Push(string name, string revision, IReadOnlyList<string>? images = null, SimulatedCommit? commit = null)
    {
        lock (_gate)
        {
            var app = Find(name, null);
            app.HeadRevision = revision;
            _commits[name][revision] = commit ?? new SimulatedCommit("simulator <simulator@example.com>", time.GetUtcNow(), $"commit {revision}");
            _images[name][revision] = images?.ToList() ?? [.. app.Images];
            app.SyncStatus = app.SyncedRevision == revision ? "Synced" : "OutOfSync";
            Changed(app);
            if (app.AutoSync && app.Operation is null && app.SyncStatus == "OutOfSync")
            {
                Start(app, revision, [], prune: true, [], "automated", automated: true);
            }
        }
    }

    /// <summary>
    /// A revision's commit metadata (Argo CD's <c>RevisionMetadata</c>: author, date, tags, message). A revision the
    /// app's source never had fails as the repo server's git lookup does: gRPC Unknown, HTTP 500.
    /// </summary>
    public JsonObject RevisionMetadata(string name, string revision, string? project)
    {
        lock (_gate)
        {
            Find(name, project);
            if (!_commits[name].TryGetValue(revision, out var commit))
            {
                throw new SimulatorError(500, 2, $"rpc error: code = Unknown desc = unable to resolve git revision : revision {revision} not found");
            }
            return new JsonObject
            {
                ["author"] = commit.Author,
                ["date"] = ApplicationJson.Time(commit.Date),
                ["tags"] = new JsonArray(commit.Tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                ["message"] = commit.Message,
            };
        }
    }

    public JsonObject Get(string name, string? project)
    {
        lock (_gate)
        {
            return ApplicationJson.ToJson(Find(name, project));
        }
    }

    public SimulatedApp Peek(string name)
    {
        lock (_gate)
        {
            return Find(name, null);
        }
    }

    public List<JsonObject> List(string? project, string? selector)
    {
        lock (_gate)
        {
            return _apps.Values.Where(a => Matches(a, project, selector, null)).OrderBy(a => a.Name, StringComparer.Ordinal)
                .Select(ApplicationJson.ToJson).ToList();
        }
    }

    /// <summary>Starts a sync (asynchronous, as Argo CD's): the answer is the app with <c>.operation</c> set.</summary>
    public JsonObject Sync(string name, SyncRequest request, string username)
    {
        lock (_gate)
        {
            var app = Find(name, request.Project);
            if (app.Operation is not null || _refusals > 0)
            {
                _refusals = Math.Max(0, _refusals - 1);
                throw SimulatorError.InProgress();
            }
            if (app.AutoSync && request.Revision is { } wanted && wanted != app.TargetRevision)
            {
                throw SimulatorError.FailedPrecondition($"Cannot sync to {wanted}: auto-sync currently set to {app.TargetRevision}");
            }
            Start(app, request.Revision ?? app.HeadRevision, request.Infos, request.Prune, request.SyncOptions, username, automated: false);
            _syncs.Add(new AcceptedSync(name, request.Revision ?? app.HeadRevision, username, (JsonArray)request.Infos.DeepClone()));
            return ApplicationJson.ToJson(app);
        }
    }

    /// <summary>Redeploys a history entry; refused while auto-sync is on or when the id is not in the history.</summary>
    public JsonObject Rollback(string name, long id, string? project, string username)
    {
        lock (_gate)
        {
            var app = Find(name, project);
            if (app.AutoSync)
            {
                throw SimulatorError.FailedPrecondition("rollback cannot be initiated when auto-sync is enabled");
            }
            var entry = app.History.FirstOrDefault(h => h["id"]!.GetValue<long>() == id)
                ?? throw SimulatorError.InvalidArgument($"application {name} does not have deployment with id {id}");
            if (app.Operation is not null)
            {
                throw SimulatorError.InProgress();
            }
            Start(app, entry["revision"]!.GetValue<string>(), [], prune: false, [], username, automated: false);
            return ApplicationJson.ToJson(app);
        }
    }

    /// <summary>Terminates the running operation: it ends <c>Failed</c> shortly after.</summary>
    public void Terminate(string name, string? project)
    {
        lock (_gate)
        {
            var app = Find(name, project);
            if (app.Operation is null || app.OperationState is null)
            {
                throw SimulatorError.InvalidArgument("Unable to terminate operation. No operation is in progress");
            }
            app.OperationState["phase"] = "Terminating";
            Changed(app);
        }
    }

    private SimulatedApp Find(string name, string? project)
    {
        if (!_apps.TryGetValue(name, out var app))
        {
            // Argo CD answers 403 without project= so that it does not leak which apps exist.
            throw project is null ? SimulatorError.PermissionDenied() : SimulatorError.NotFound(name);
        }
        if (project is not null && app.Project != project)
        {
            throw SimulatorError.NotFound(name);
        }
        return app;
    }

    private static bool Matches(SimulatedApp app, string? project, string? selector, string? name)
    {
        if ((project is not null && app.Project != project) || (name is not null && app.Name != name))
        {
            return false;
        }
        foreach (var term in (selector ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = term.Split('=', 2);
            if (!app.Labels.TryGetValue(parts[0], out var value) || (parts.Length == 2 && value != parts[1]))
            {
                return false;
            }
        }
        return true;
    }

    private void Changed(SimulatedApp app)
    {
        app.ResourceVersion++;
        Publish("MODIFIED", app);
    }
}
