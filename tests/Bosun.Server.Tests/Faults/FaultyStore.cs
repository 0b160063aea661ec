using System.Collections.Concurrent;
using System.Reflection;
using Bosun.Storage;

namespace Bosun.Server.Tests.Faults;

/// <summary>
/// A store decorator for fault tests (DESIGN §8): every call goes to the real store, except that every commit of a
/// batch that stores the event <see cref="FailCommitsStoring"/> and, while <see cref="FailReads"/> is set, every read
/// throw <see cref="StoreUnavailableException"/> as a store that went away does; the commit of a batch that stores
/// <see cref="HoldCommitStoring"/> waits until released, as on a slow disk. (Aimed at one event, since the
/// writer also commits for itself, and it tries each input of a failed batch again alone.) Built with <see cref="DispatchProxy"/>, so it
/// follows the whole contract without restating it.
/// </summary>
public class FaultyStore : DispatchProxy
{
    private IStore _inner = null!;

    /// <summary>The id of an event whose batches fail to commit (each rolled back: nothing of it stays); null: none.</summary>
    public volatile string? FailCommitsStoring;

    /// <summary>The id of an event whose batch's commit waits for <see cref="Held"/> to be set (a slow disk); null: none.</summary>
    public volatile string? HoldCommitStoring;

    /// <summary>Set when a held commit is reached; the commit goes on once <see cref="Release"/> is set.</summary>
    public ManualResetEventSlim Held { get; } = new();

    public ManualResetEventSlim Release { get; } = new();

    /// <summary>Whether reads (every <c>…Async</c> call of the store) fail.</summary>
    public volatile bool FailReads;

    public int FailedCommits;

    /// <summary>Every batch that committed: whether it was to be flushed (IStore.BeginWrite), and how many events it stored.</summary>
    public ConcurrentQueue<(bool Flushed, int Events)> Committed { get; } = new();

    public static (IStore Store, FaultyStore Faults) Wrap(IStore inner)
    {
        var store = Create<IStore, FaultyStore>();
        var faults = (FaultyStore)(object)store;
        faults._inner = inner;
        return (store, faults);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (FailReads && targetMethod.Name.EndsWith("Async", StringComparison.Ordinal) && targetMethod.Name != nameof(IStore.MaintainAsync))
        {
            var failure = new StoreUnavailableException("injected: the store does not answer", new IOException("injected"));
            return targetMethod.ReturnType.IsGenericType
                ? typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [failure])
                : Task.FromException(failure);
        }
        try
        {
            var result = targetMethod.Invoke(_inner, args);
            return result is IWriteBatch batch ? Batch.Wrap(batch, this, flushed: args is [bool flush] ? flush : true) : result;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    /// <summary>The writer's batch: <c>Commit</c> fails while commits are to fail, and the batch rolls back on dispose.</summary>
    public class Batch : DispatchProxy
    {
        private IWriteBatch _inner = null!;
        private FaultyStore _faults = null!;
        private bool _doomed;
        private bool _held;
        private bool _flushed;
        private int _events;

        public static IWriteBatch Wrap(IWriteBatch inner, FaultyStore faults, bool flushed)
        {
            var batch = Create<IWriteBatch, Batch>();
            var self = (Batch)(object)batch;
            self._inner = inner;
            self._faults = faults;
            self._flushed = flushed;
            return batch;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IWriteBatch.InsertEvent) && args?[0] is Bosun.Core.Events.KeptnEvent evt)
            {
                _doomed |= evt.Id == _faults.FailCommitsStoring;
                _held |= evt.Id == _faults.HoldCommitStoring;
                _events++;
            }
            if (targetMethod.Name == nameof(IWriteBatch.Commit) && _held)
            {
                _faults.Held.Set();
                _faults.Release.Wait(TimeSpan.FromSeconds(30));
            }
            if (targetMethod.Name == nameof(IWriteBatch.Commit) && _doomed)
            {
                Interlocked.Increment(ref _faults.FailedCommits);
                throw new StoreUnavailableException("injected: the commit failed (disk full)", new IOException("injected"));
            }
            try
            {
                var result = targetMethod.Invoke(_inner, args);
                if (targetMethod.Name == nameof(IWriteBatch.Commit))
                {
                    _faults.Committed.Enqueue((_flushed, _events));
                }
                return result;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
