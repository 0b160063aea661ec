using System.Text.Json.Nodes;

namespace Bosun.Storage;

/// <summary>Uniform registrations of outside integrations and the error logs they post.</summary>
public interface IUniformStore
{
    Task SaveIntegrationAsync(IntegrationRecord integration, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IntegrationRecord>> ListIntegrationsAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteIntegrationAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stores log entries, all or none.</summary>
    Task AddLogsAsync(IReadOnlyList<LogRecord> entries, CancellationToken cancellationToken = default);

    Task<Page<JsonObject>> QueryLogsAsync(LogQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes the log entries the query's integration and time range select (its paging is ignored); returns how many.</summary>
    Task<int> DeleteLogsAsync(LogQuery query, CancellationToken cancellationToken = default);
}
