using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// The writer's copies of scopes on a shared store (docs/architecture.md, "The unit of consistency is a scope" and
/// "Cached, but never stale"): a scope is decided on only while this transaction holds its lock, and from the state the
/// store has under that lock; a copy whose version differs from the scope row's is reloaded first. Versions move only
/// when a transaction commits; a failed one forgets the copies it held.
/// </summary>
internal sealed class ScopeCopies
{
    private readonly Dictionary<ScopeKey, long> _versions = [];
    private readonly HashSet<ScopeKey> _held = [];
    private ISharedWriteBatch? _batch;
    private SequenceEngine? _engine;

    /// <summary>
    /// Starts a transaction's locks: the scopes its inputs named in advance, in one sorted statement, in the same round
    /// trip as the question which of the events they named are stored already. With <paramref name="skipLocked"/>, scopes
    /// another replica's transaction holds are not waited for: they are returned, and their inputs wait for a later batch.
    /// With <paramref name="assume"/> and a copy of every scope, nothing is asked: the transaction assumes the copies are
    /// current (<see cref="ISharedWriteBatch.TryAssume"/>), and its commit fails if one is not; <see cref="Assumed"/> says so.
    /// </summary>
    public IReadOnlySet<ScopeKey> Begin(ISharedWriteBatch batch, SequenceEngine engine, IEnumerable<ScopeKey> hints,
        IReadOnlyCollection<(string Source, string Id)> events, bool skipLocked, bool assume)
    {
        _batch = batch;
        _engine = engine;
        _held.Clear();
        var sorted = hints.Distinct().Order().ToList();
        Assumed = assume && sorted.All(_versions.ContainsKey) && batch.TryAssume(sorted.ToDictionary(s => s, s => _versions[s]), events);
        if (Assumed)
        {
            _held.UnionWith(sorted);
            return new HashSet<ScopeKey>();
        }
        batch.Expect(events);
        if (sorted.Count == 0)
        {
            return new HashSet<ScopeKey>();
        }
        Take(sorted, skipLocked);
        return sorted.Where(s => !_held.Contains(s)).ToHashSet();
    }

    /// <summary>The transaction <see cref="Begin"/> started assumes its copies are current instead of having asked.</summary>
    public bool Assumed { get; private set; }

    public bool Holds(ScopeKey scope) => _held.Contains(scope);

    public bool Holds(SequenceExecution execution) => _held.Contains(new ScopeKey(execution.Project, execution.Service));

    /// <summary>Locks one more scope in this transaction (one its input could not name in advance).</summary>
    public void Lock(ScopeKey scope)
    {
        if (!_held.Contains(scope))
        {
            Take([scope], skipLocked: false);
        }
    }

    /// <summary>The scope of an open task, as the store has it.</summary>
    public ScopeKey? FindTaskScope(string triggeredId) => Batch.FindTaskScope(triggeredId);

    public ScopeKey? FindContextScope(string project, string keptnContext) => Batch.FindContextScope(project, keptnContext);

    /// <summary>Raises the versions of the scopes whose executions this transaction writes; each must be held.</summary>
    public void BeforeCommit(IEnumerable<SequenceExecution> changed)
    {
        var scopes = changed.Select(e => new ScopeKey(e.Project, e.Service)).ToHashSet();
        if (scopes.FirstOrDefault(s => !_held.Contains(s)) is { Project: not null } unlocked)
        {
            throw new InvalidOperationException($"scope {unlocked} was changed without its lock");
        }
        Batch.TouchScopes(scopes);
    }

    public void Committed()
    {
        foreach (var (scope, version) in Batch.Touched)
        {
            _versions[scope] = version;
        }
        _batch = null;
    }

    /// <summary>The transaction did not commit: the copies it held may hold its changes, so they are reloaded next time.</summary>
    public void Failed()
    {
        foreach (var scope in _held)
        {
            _versions.Remove(scope);
        }
        _batch = null;
    }

    /// <summary>A deleted project's scopes are gone from the store.</summary>
    public void Forget(string project)
    {
        foreach (var scope in _versions.Keys.Where(s => s.Project == project).ToList())
        {
            _versions.Remove(scope);
        }
    }

    private ISharedWriteBatch Batch => _batch ?? throw new InvalidOperationException("no transaction is open");

    private void Take(IReadOnlyList<ScopeKey> scopes, bool skipLocked)
    {
        var stale = new List<ScopeKey>();
        var locked = Batch.LockScopes(scopes, skipLocked);
        foreach (var (scope, version) in locked)
        {
            _held.Add(scope);
            if (!_versions.TryGetValue(scope, out var known) || known != version)
            {
                stale.Add(scope);
            }
        }
        if (stale.Count > 0)
        {
            // Copies another replica's commits made stale (or never loaded) are read back in one statement.
            foreach (var (scope, executions) in Batch.LoadScopes(stale))
            {
                _engine!.Book.ReplaceService(scope.Project, scope.Service, executions);
                _versions[scope] = locked[scope];
            }
        }
    }
}
