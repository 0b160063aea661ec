using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.Storage.Sqlite;

/// <summary>
/// The storage contract over SQLite. Microsoft.Data.Sqlite's async calls run synchronously anyway, so each read runs
/// its synchronous form and hands back a completed task.
/// </summary>
public sealed partial class SqliteStore : IStore
{
    IWriteBatch IStore.BeginWrite(bool flush) => BeginWrite(flush);

    public Task<Page<KeptnEvent>> QueryEventsAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryEvents(query));

    public Task<Page<string>> QueryEventsJsonAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryEventsJson(query));

    public Task<IReadOnlyList<string>> QueryEventIdsAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryEventIds(query));

    public Task<Page<KeptnEvent>> QueryOpenTasksAsync(OpenTaskQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryOpenTasks(query));

    public Task<Page<string>> QueryOpenTasksJsonAsync(OpenTaskQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryOpenTasksJson(query));

    public Task<IReadOnlyList<LatestEvent>> LatestEventsByTypeAsync(string project, string stage, string service, CancellationToken cancellationToken = default) =>
        Task.FromResult(LatestEventsByType(project, stage, service));

    public Task<Page<ProjectRecord>> ListProjectsAsync(int offset, int pageSize, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListProjects(offset, pageSize));

    public Task<ProjectRecord?> GetProjectAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetProject(name));

    public Task<string?> GetProjectSettingAsync(string project, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetProjectSetting(project, name));

    public Task<IReadOnlyList<ServiceRecord>> ListServicesAsync(string? project = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListServices(project));

    public Task<ResourceRecord?> GetResourceAsync(string project, string stage, string service, string uri, long? version = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetResource(project, stage, service, uri, version));

    public Task<Page<ResourceRecord>> ListResourcesAsync(string project, string stage, string service, int offset, int pageSize, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListResources(project, stage, service, offset, pageSize));

    public Task<bool> ContextExistsAsync(string project, string keptnContext, CancellationToken cancellationToken = default) =>
        Task.FromResult(ContextExists(project, keptnContext));

    public Task<Page<SequenceExecution>> QuerySequencesAsync(SequenceQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QuerySequences(query));

    public Task<IReadOnlyList<SequenceFacts>> QuerySequenceFactsAsync(SequenceQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QuerySequenceFacts(query));

    public Task<IReadOnlyList<string>> ListSequenceServicesAsync(string project, string stage, CancellationToken cancellationToken = default) =>
        Task.FromResult(ListSequenceServices(project, stage));

    public Task<IReadOnlyList<SequenceExecution>> LatestSequencesAsync(string project, string? state = null, IReadOnlyList<string>? results = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(LatestSequences(project, state, results ?? []));

    public Task<Page<ContextRecord>> QueryContextsAsync(ContextQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryContexts(query));

    public Task<bool> SaveSecretAsync(SecretRecord secret, bool? mustExist, AuditRecord? audit = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveSecret(secret, mustExist, audit));

    public Task<SecretRecord?> FindSecretAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(FindSecret(name));

    public Task<IReadOnlyList<SecretRecord>> ListSecretsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ListSecrets());

    public Task<bool> DeleteSecretAsync(string name, string scope, AuditRecord? audit = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeleteSecret(name, scope, audit));

    public Task SaveIntegrationAsync(IntegrationRecord integration, CancellationToken cancellationToken = default)
    {
        SaveIntegration(integration);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IntegrationRecord>> ListIntegrationsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ListIntegrations());

    public Task<bool> DeleteIntegrationAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeleteIntegration(id));

    public Task AddLogsAsync(IReadOnlyList<LogRecord> entries, CancellationToken cancellationToken = default)
    {
        AddLogs(entries);
        return Task.CompletedTask;
    }

    public Task<Page<JsonObject>> QueryLogsAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(QueryLogs(query));

    public Task<int> DeleteLogsAsync(LogQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeleteLogs(query));

    public Task<IReadOnlyList<SequenceExecution>> LoadActiveExecutionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(LoadActiveExecutions());

    public Task<IReadOnlyList<EventHead>> ReadEventHeadsAsync(long after, IReadOnlyCollection<long> alsoSeqs, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadEventHeads(after, alsoSeqs, limit));

    public Task<long> MaxEventSeqAsync(CancellationToken cancellationToken = default) => Task.FromResult(MaxEventSeq());

    public Task<long> MaxOrderAsync(CancellationToken cancellationToken = default) => Task.FromResult(MaxOrder());

    public Task<IReadOnlyList<OutboxRow>> ReadOutboxAsync(int limit, long after = 0, CancellationToken cancellationToken = default) =>
        Task.FromResult(ReadOutbox(limit, after));

    public Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM schema_version";
        command.ExecuteScalar();
        return Task.CompletedTask;
    }

    public Task<bool> MaintainAsync(CancellationToken cancellationToken = default)
    {
        var wal = new FileInfo(Path + "-wal");
        if (!wal.Exists || wal.Length < WalCheckpointBytes)
        {
            return Task.FromResult(false);
        }
        Checkpoint();
        return Task.FromResult(true);
    }
}
