using System.Text.Json.Nodes;

namespace Bosun.Storage;

/// <summary>One error log entry of an integration, as Keptn's API shows it.</summary>
public sealed record LogRecord(string IntegrationId, DateTimeOffset Time, JsonObject Entry);
