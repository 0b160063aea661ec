using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

public sealed partial class ArgoCdSimulation
{
    private void Start(SimulatedApp app, string revision, JsonArray infos, bool prune, IReadOnlyList<string> options, string username, bool automated)
    {
        var now = time.GetUtcNow();
        var operation = new JsonObject
        {
            ["sync"] = new JsonObject
            {
                ["revision"] = revision,
                ["prune"] = prune,
                ["syncOptions"] = new JsonArray(options.Select(o => (JsonNode)JsonValue.Create(o)!).ToArray()),
            },
            ["initiatedBy"] = automated ? new JsonObject { ["automated"] = true } : new JsonObject { ["username"] = username },
            ["info"] = infos.DeepClone(),
        };
        app.Operation = operation;
        app.OperationState = new JsonObject
        {
            ["phase"] = "Running",
            ["message"] = "waiting for completion of hook and syncing resources",
            ["startedAt"] = ApplicationJson.Time(now),
            ["operation"] = operation.DeepClone(),
            ["retryCount"] = 0,
        };
        var id = app.OperationId = ++_operations;
        Changed(app);
        After(app.SyncDuration, () => Finish(app, id, revision, now));
    }

    private void Finish(SimulatedApp app, long id, string revision, DateTimeOffset startedAt)
    {
        lock (_gate)
        {
            if (app.OperationState is null || app.OperationId != id || app.Operation is null)
            {
                return;
            }
            var now = time.GetUtcNow();
            var state = app.OperationState;
            var terminated = state["phase"]!.GetValue<string>() == "Terminating";
            var failed = terminated || app.FailingRevisions.Contains(revision);
            state["phase"] = failed ? "Failed" : "Succeeded";
            state["message"] = terminated ? "Operation terminated"
                : failed ? $"one or more objects failed to apply, reason: simulated failure of revision {revision}"
                : "successfully synced (all tasks run)";
            state["finishedAt"] = ApplicationJson.Time(now);
            state["syncResult"] = new JsonObject { ["revision"] = revision, ["resources"] = new JsonArray() };
            app.Operation = null;
            if (!failed)
            {
                app.SyncedRevision = revision;
                app.SyncStatus = revision == app.HeadRevision ? "Synced" : "OutOfSync";
                app.Images = _images[app.Name].GetValueOrDefault(revision) ?? app.Images;
                app.History.Add(new JsonObject
                {
                    ["id"] = app.NextHistoryId++,
                    ["revision"] = revision,
                    ["deployStartedAt"] = ApplicationJson.Time(startedAt),
                    ["deployedAt"] = ApplicationJson.Time(now),
                    ["initiatedBy"] = state["operation"]?["initiatedBy"]?.DeepClone(),
                });
                if (app.History.Count > HistoryLimit)
                {
                    app.History.RemoveAt(0);
                }
                app.HealthStatus = "Progressing";
                app.HealthMessage = "Waiting for rollout to finish";
                app.HealthTransition = now;
                var healthId = id;
                After(app.HealthDelay, () => Settle(app, healthId, revision));
            }
            Changed(app);
        }
    }

    private void Settle(SimulatedApp app, long id, string revision)
    {
        lock (_gate)
        {
            if (app.SyncedRevision != revision || app.HealthStatus != "Progressing")
            {
                return;
            }
            var degraded = app.DegradedRevisions.Contains(revision);
            app.HealthStatus = degraded ? "Degraded" : "Healthy";
            app.HealthMessage = degraded ? $"Deployment \"{app.Name}\" exceeded its progress deadline" : string.Empty;
            app.HealthTransition = time.GetUtcNow();
            Changed(app);
        }
    }

    private void After(TimeSpan delay, Action action)
    {
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            timer?.Dispose();
            action();
        }, null, delay <= TimeSpan.Zero ? TimeSpan.FromTicks(1) : delay, Timeout.InfiniteTimeSpan);
    }
}
