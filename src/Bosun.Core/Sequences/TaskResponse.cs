using System.Text.Json.Nodes;

namespace Bosun.Core.Sequences;

/// <summary>One executor's <c>.finished</c> for a task.</summary>
public sealed record TaskResponse(string EventId, string Status, string Result, string? Message, JsonObject Data);
