using System.Text.Json.Nodes;

namespace Bosun.Core.Shipyard;

/// <param name="Timeout">Bosun's <c>properties.timeout</c>: past it an open task finishes errored.</param>
public sealed record TaskSpec(string Name, TimeSpan? TriggeredAfter, JsonObject? Properties, TimeSpan? Timeout = null);
