using System.Text.Json.Nodes;

namespace Bosun.Core.Sequences;

/// <summary>A task whose executors all answered: its aggregated outcome and merged <c>.finished</c> payloads.</summary>
/// <param name="Executors">The sources that answered it, in order (null in rows saved before they were kept).</param>
public sealed record CompletedTask(
    string Name,
    string TriggeredId,
    string Result,
    string Status,
    string? Message,
    JsonObject Properties,
    DateTimeOffset? TriggeredAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? Executors = null);
