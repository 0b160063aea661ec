using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Builds a sequence's page from its context's executions and events (two queries, by keptnContext): tasks are the
/// executions' own (completed and current), answers are joined to them by <c>triggeredid</c>.
/// </summary>
internal static class SequencePageData
{
    public const int MaxEvents = 1000;
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<SequenceView?> BuildAsync(IStore store, string project, string keptnContext)
    {
        var context = (await store.QueryContextsAsync(new ContextQuery(project) { Contexts = [keptnContext], PageSize = 1 })).Items.FirstOrDefault();
        if (context is null)
        {
            return null;
        }
        var page = await store.QueryEventsAsync(new EventQuery { KeptnContext = keptnContext, PageSize = MaxEvents + 1, CountTotal = false });
        var events = page.Items.Take(MaxEvents).Reverse().ToList();
        var byTriggered = events.Where(e => e.TriggeredId is not null).ToLookup(e => e.TriggeredId!);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var stages = new List<StageTimeline>();
        foreach (var execution in context.Sequences)
        {
            stages.Add(await StageAsync(store, execution, events, byTriggered, placed));
        }
        var others = events.Where(e => !placed.Contains(e.Id)).Select(Line).ToList();
        var active = context.Sequences.Where(e => e.IsActive).ToList();
        return new SequenceView(project, keptnContext, context.Name, context.Service, SequenceViews.Overall(context.Sequences), stages, others,
            CanPause: active.Any(e => e.State != SequenceState.Paused),
            CanResume: active.Any(e => e.State == SequenceState.Paused),
            CanAbort: active.Count > 0,
            EventsCut: page.Items.Count > MaxEvents);
    }

    private static async Task<StageTimeline> StageAsync(IStore store, SequenceExecution execution, List<KeptnEvent> events, ILookup<string, KeptnEvent> byTriggered, HashSet<string> placed)
    {
        var tasks = new List<TaskLine>();
        foreach (var done in execution.Completed)
        {
            tasks.Add(Task(done.Name, done.TriggeredId, done.TriggeredAt, null, done.FinishedAt, done.Result, byTriggered, events, placed, open: false));
        }
        if (execution.Current is { } current)
        {
            tasks.Add(Task(current.Name, current.TriggeredId, current.TriggeredAt, current.DueAt, null, null, byTriggered, events, placed,
                open: execution.IsActive && current.IsSent && current.Name == ApprovalDecision.Task));
        }
        var own = events.Where(e => !placed.Contains(e.Id) && KeptnEventType.Parse(e.Type) is { IsSequence: true } t && t.Stage == execution.Stage && t.Name == execution.Sequence
            && e.Time >= execution.TriggeredAt.AddSeconds(-1)).ToList();
        placed.UnionWith(own.Select(e => e.Id));
        string? behind = null;
        if (execution.State.IsQueued())
        {
            var holder = await store.QuerySequencesAsync(new SequenceQuery(execution.Project) { Stage = execution.Stage, Service = execution.Service, State = SequenceState.Started.ToWire(), PageSize = 1 });
            behind = holder.Items.FirstOrDefault(h => h.KeptnContext != execution.KeptnContext)?.KeptnContext;
        }
        return new StageTimeline(execution.Stage, execution.Sequence, execution.State.ToWire(), execution.Result, execution.Message, execution.Version,
            execution.TriggeredAt, execution.FinishedAt, behind, tasks, [.. own.Select(Line)]);
    }

    /// <summary>A task and its events; the deployment URLs are read where Keptn's deployment task puts them (<c>data.deployment</c>) or under the task's own name.</summary>
    private static TaskLine Task(string name, string triggeredId, DateTimeOffset? triggeredAt, DateTimeOffset? dueAt, DateTimeOffset? finishedAt, string? result,
        ILookup<string, KeptnEvent> byTriggered, List<KeptnEvent> events, HashSet<string> placed, bool open)
    {
        var own = events.Where(e => e.Id == triggeredId).Concat(byTriggered[triggeredId]).ToList();
        placed.UnionWith(own.Select(e => e.Id));
        var answers = own.Where(e => e.Id != triggeredId).Select(e => (Event: e, Kind: KeptnEventType.Parse(e.Type).Kind)).ToList();
        var executors = answers.GroupBy(a => a.Event.Source, StringComparer.Ordinal).Select(g =>
        {
            var finished = g.LastOrDefault(a => a.Kind == EventKind.Finished).Event;
            return new ExecutorLine(g.Key, g.FirstOrDefault(a => a.Kind == EventKind.Started).Event?.Time, finished?.Time,
                finished?.Data.GetString("result"), finished?.Data.GetString("status"), finished?.Data.GetString("message"));
        }).ToList();
        var urls = answers.Where(a => a.Kind == EventKind.Finished)
            .SelectMany(a => new[] { "deployment", name }.SelectMany(key => Urls(a.Event.Data[key]?["deploymentURIsPublic"]).Concat(Urls(a.Event.Data[key]?["deploymentURIsLocal"]))))
            .Distinct(StringComparer.Ordinal).ToList();
        return new TaskLine(name, triggeredId, triggeredAt, dueAt, finishedAt, result, executors, urls, open ? triggeredId : null, [.. own.Select(Line)]);
    }

    private static IEnumerable<string> Urls(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>() : [];

    private static EventLine Line(KeptnEvent e) => new(e.Id, e.Type, e.Source, e.Time, KeptnEventJson.ToJson(e).ToJsonString(Pretty));
}
