using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.TestKit;

/// <summary>
/// Drives the pure engine the way the host does, keeping every stored and emitted event, with a clock that only
/// moves when a test moves it and ids that count up (<c>id-1</c>, <c>id-2</c>, …).
/// </summary>
public sealed class EngineHarness
{
    private int _ids;

    public EngineHarness(InMemoryCatalog catalog, EngineOptions? options = null)
    {
        Catalog = catalog;
        Engine = new SequenceEngine(catalog, () => $"id-{++_ids}", options);
    }

    public InMemoryCatalog Catalog { get; }
    public SequenceEngine Engine { get; }
    public DateTimeOffset Now { get; private set; } = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    public List<KeptnEvent> Emitted { get; } = [];
    public List<EngineResult> Results { get; } = [];

    /// <summary>The open task <c>.triggered</c> events, as executors would see them.</summary>
    public Dictionary<string, KeptnEvent> Open { get; } = [];

    public static EngineHarness For(string shipyard, params string[] services) =>
        new(new InMemoryCatalog().Add("podtato", shipyard, services.Length == 0 ? ["web"] : services));

    public EngineResult Ingest(KeptnEvent evt) => Record(Engine.Ingest(evt, Now));

    public EngineResult Advance(TimeSpan by)
    {
        Now += by;
        return Record(Engine.Tick(Now));
    }

    public EngineResult Control(string context, ControlState state, string? stage = null) =>
        Record(Engine.Control("podtato", context, state, stage, Now));

    /// <summary>Sends <c>sh.keptn.event.&lt;stage&gt;.&lt;sequence&gt;.triggered</c> and returns its context.</summary>
    public string Trigger(string stage, string sequence, string service = "web", string? version = null, string? context = null, JsonObject? extra = null)
    {
        var data = Data(stage, service);
        if (version is not null)
        {
            data["labels"] = new JsonObject { ["version"] = version };
        }
        if (extra is not null)
        {
            PayloadMerge.Into(data, extra);
        }
        var ctx = context ?? $"ctx-{++_ids}";
        Ingest(new KeptnEvent($"trigger-{_ids}", "test", KeptnEventType.SequenceType(stage, sequence, "triggered"), ctx, null, Now, data));
        return ctx;
    }

    /// <summary>The single open task of this name in the scope; fails the test when there is not exactly one.</summary>
    public KeptnEvent OpenTask(string task, string stage = "dev", string service = "web") =>
        Open.Values.Single(e => e.Type == KeptnEventType.TaskType(task, "triggered") && e.Stage == stage && e.Service == service);

    public EngineResult Started(KeptnEvent triggered, string source = "executor") =>
        Ingest(Answer(triggered, "started", source, null, null));

    public EngineResult Finished(KeptnEvent triggered, string result = KeptnResult.Pass, string? status = KeptnStatus.Succeeded,
        string source = "executor", JsonObject? data = null) =>
        Ingest(Answer(triggered, "finished", source, result, status, data));

    /// <summary>Started then finished, as one executor does.</summary>
    public void Complete(string task, string stage = "dev", string service = "web", string result = KeptnResult.Pass, JsonObject? data = null)
    {
        var triggered = OpenTask(task, stage, service);
        Started(triggered);
        Finished(triggered, result, data: data);
    }

    public KeptnEvent Answer(KeptnEvent triggered, string kind, string source, string? result, string? status, JsonObject? data = null)
    {
        var body = Data(triggered.Stage!, triggered.Service!);
        if (result is not null)
        {
            body["result"] = result;
        }
        if (status is not null)
        {
            body["status"] = status;
        }
        if (data is not null)
        {
            PayloadMerge.Into(body, data);
        }
        var name = KeptnEventType.Parse(triggered.Type).Name;
        return new KeptnEvent($"answer-{++_ids}", source, KeptnEventType.TaskType(name, kind), triggered.KeptnContext, triggered.Id, Now, body);
    }

    /// <summary>Emitted event types, in order, for readable assertions.</summary>
    public List<string> EmittedTypes() => Emitted.Select(e => e.Type).ToList();

    public KeptnEvent LastFinished(string stage, string sequence) =>
        Emitted.Last(e => e.Type == KeptnEventType.SequenceType(stage, sequence, "finished"));

    public SequenceExecution Execution(string context, string stage = "dev") =>
        Results.SelectMany(r => r.Changed).Last(e => e.KeptnContext == context && e.Stage == stage);

    public static JsonObject Data(string stage, string service) => new()
    {
        ["project"] = "podtato",
        ["stage"] = stage,
        ["service"] = service,
    };

    private EngineResult Record(EngineResult result)
    {
        Results.Add(result);
        if (result.Rejected is null)
        {
            Emitted.AddRange(result.Emitted);
            foreach (var opened in result.Opened)
            {
                Open[opened.Id] = opened;
            }
            foreach (var closed in result.Closed)
            {
                Open.Remove(closed);
            }
        }
        return result;
    }

    public override string ToString() => string.Join("\n", EmittedTypes().Select((t, i) => i.ToString(CultureInfo.InvariantCulture) + " " + t));
}
