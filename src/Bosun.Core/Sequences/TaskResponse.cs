using System.Text.Json.Nodes;

namespace Bosun.Core.Sequences;

/// <summary>One executor's <c>.finished</c> for a task.</summary>
/// <param name="Source">The executor: the <c>.finished</c> event's <c>source</c> (null in rows saved before it was kept).</param>
public sealed record TaskResponse(string EventId, string Status, string Result, string? Message, JsonObject Data, string? Source = null);
