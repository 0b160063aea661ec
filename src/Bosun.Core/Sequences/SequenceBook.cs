namespace Bosun.Core.Sequences;

/// <summary>The active sequence executions, indexed the ways the engine looks them up.</summary>
public sealed class SequenceBook
{
    private readonly Dictionary<string, SequenceExecution> _byId = [];
    private readonly Dictionary<string, List<SequenceExecution>> _byScope = [];
    private readonly Dictionary<string, List<SequenceExecution>> _byContext = [];
    private readonly Dictionary<string, SequenceExecution> _byOpenTask = [];
    private readonly HashSet<SequenceExecution> _delayed = new(ReferenceEqualityComparer.Instance);

    public long NextOrder { get; set; } = 1;
    public int Count => _byId.Count;
    public IEnumerable<SequenceExecution> All => _byId.Values;

    public SequenceExecution? Find(string id) => _byId.GetValueOrDefault(id);

    public SequenceExecution? FindByOpenTask(string triggeredId) => _byOpenTask.GetValueOrDefault(triggeredId);

    /// <summary>Active executions of one project/stage/service in arrival order.</summary>
    public IReadOnlyList<SequenceExecution> InScope(string scopeKey) =>
        _byScope.TryGetValue(scopeKey, out var list) ? list : [];

    public IReadOnlyList<SequenceExecution> InContext(string keptnContext) =>
        _byContext.TryGetValue(keptnContext, out var list) ? list : [];

    public void Add(SequenceExecution execution)
    {
        _byId.Add(execution.Id, execution);
        Insert(_byScope, execution.Scope, execution);
        Insert(_byContext, execution.KeptnContext, execution);
        if (execution.Current is { IsSent: true } task)
        {
            _byOpenTask[task.TriggeredId] = execution;
        }
        else if (execution.Current is { DueAt: not null })
        {
            _delayed.Add(execution);
        }
        NextOrder = Math.Max(NextOrder, execution.Order + 1);
    }

    public void Remove(SequenceExecution execution)
    {
        _byId.Remove(execution.Id);
        RemoveFrom(_byScope, execution.Scope, execution);
        RemoveFrom(_byContext, execution.KeptnContext, execution);
        if (execution.Current is { } task)
        {
            _byOpenTask.Remove(task.TriggeredId);
        }
        _delayed.Remove(execution);
    }

    /// <summary>
    /// Replaces what the book holds of one service of a project (in every stage) with <paramref name="executions"/>,
    /// as the store has them: a writer that finds its copy of a scope out of date reloads it (docs/architecture.md,
    /// "Cached, but never stale").
    /// </summary>
    public void ReplaceService(string project, string service, IEnumerable<SequenceExecution> executions)
    {
        foreach (var stale in _byId.Values.Where(e => e.Project == project && e.Service == service).ToList())
        {
            Remove(stale);
        }
        foreach (var execution in executions)
        {
            if (execution.IsActive)
            {
                Add(execution);
            }
        }
    }

    /// <summary>Executions whose current task waits for its <c>triggeredAfter</c> delay.</summary>
    public IEnumerable<SequenceExecution> Delayed => _delayed;

    public void Delay(SequenceExecution execution) => _delayed.Add(execution);

    public void OpenTask(string triggeredId, SequenceExecution execution)
    {
        _delayed.Remove(execution);
        _byOpenTask[triggeredId] = execution;
    }

    public void CloseTask(string triggeredId) => _byOpenTask.Remove(triggeredId);

    public IEnumerable<(string TriggeredId, SequenceExecution Execution)> OpenTasks =>
        _byOpenTask.Select(p => (p.Key, p.Value));

    private static void Insert(Dictionary<string, List<SequenceExecution>> index, string key, SequenceExecution execution)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }
        var at = list.FindIndex(e => e.Order > execution.Order);
        list.Insert(at < 0 ? list.Count : at, execution);
    }

    private static void RemoveFrom(Dictionary<string, List<SequenceExecution>> index, string key, SequenceExecution execution)
    {
        if (index.TryGetValue(key, out var list))
        {
            list.Remove(execution);
            if (list.Count == 0)
            {
                index.Remove(key);
            }
        }
    }
}
