using System.Text.Json.Nodes;

namespace Bosun.Storage;

/// <summary>A uniform registration; <paramref name="Body"/> is the integration as Keptn's API shows it.</summary>
public sealed record IntegrationRecord(string Id, string Name, DateTimeOffset LastSeen, JsonObject Body);
