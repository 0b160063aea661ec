using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>
/// One write transaction of the writer: inbound events, execution changes, emitted events and their outbox rows commit
/// together (DESIGN §1). Its calls are synchronous on purpose: the writer is one loop per process whose statements run
/// one after another inside this transaction, so an await per statement would free no thread that anything else needs
/// and cost a state machine on the hot path (docs/architecture.md). Disposing it without <see cref="Commit"/> rolls back.
/// </summary>
public interface IWriteBatch : IDisposable
{
    /// <summary>The context of an event already stored with this source and id (DESIGN decision 1), or null.</summary>
    string? FindContext(string source, string id);

    /// <summary>
    /// The context of a stored <c>.triggered</c> event of <paramref name="type"/> with this id that a source other
    /// than <paramref name="notSource"/> sent (a task an integration started outside any sequence), or null.
    /// </summary>
    string? FindSideTask(string id, string type, string notSource);

    /// <summary>Stores an event and returns its sequence number in the store.</summary>
    long InsertEvent(KeptnEvent evt);

    /// <summary>Queues a stored event for the hand-over to the built-in integrations.</summary>
    void AddToOutbox(long eventSeq);

    /// <summary>Removes outbox rows every subscriber has taken (a store with one writer numbers them in commit order).</summary>
    void DeleteOutbox(long upToSeq);

    void SaveExecution(SequenceExecution execution);

    /// <summary>Makes a task <c>.triggered</c> visible to executors until <see cref="CloseTask"/>.</summary>
    void OpenTask(KeptnEvent triggered, long eventSeq);

    void CloseTask(string triggeredId);

    void InsertProject(ProjectRecord project);

    void UpdateProject(string name, JsonObject details);

    /// <summary>Removes a project with its services, files, sequences and events.</summary>
    void DeleteProject(string name);

    /// <summary>Sets a project setting (e.g. the lighthouse's <c>sli-provider</c>), replacing an earlier value.</summary>
    void SetProjectSetting(string project, string name, string value);

    void InsertService(ServiceRecord service);

    /// <summary>Removes a service from every stage of a project, with its files.</summary>
    void DeleteService(string project, string name);

    /// <summary>Writes a new version of a file (null content deletes it) and returns the version number.</summary>
    long PutResource(string project, string stage, string service, string uri, byte[]? content, DateTimeOffset now);

    /// <summary>
    /// Hands a task to a built-in integration, claimed at once by <paramref name="owner"/> (epoch 1) until
    /// <paramref name="leaseUntil"/>; false when a row with that id is already there (it is kept as it is).
    /// </summary>
    bool AddWork(WorkRecord work, string owner, DateTimeOffset leaseUntil);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due work rows of the given integrations that nobody holds (or whose holder's
    /// lease ran out), oldest event first, for <paramref name="owner"/> until <paramref name="leaseUntil"/>; each claim
    /// raises the row's epoch.
    /// </summary>
    IReadOnlyList<WorkClaim> ClaimWork(IReadOnlyList<string> integrations, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit);

    /// <summary>Extends the leases <paramref name="owner"/> still holds; returns how many it holds.</summary>
    int RenewWork(string owner, IReadOnlyList<string> ids, DateTimeOffset leaseUntil);

    /// <summary>Removes a finished work row if the claim is still this one (same owner and epoch).</summary>
    bool CompleteWork(string id, string owner, long epoch);

    /// <summary>Gives a claimed row back, to run again from <paramref name="dueAt"/> (by anyone), if the claim is still this one.</summary>
    bool ReleaseWork(string id, string owner, long epoch, DateTimeOffset dueAt);

    /// <summary>Records who made a change, in the transaction that makes it (DESIGN §8).</summary>
    void AddAudit(AuditRecord entry);

    void Commit();
}
