using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>The parts of Argo CD's sync request body the simulator honours.</summary>
public sealed record SyncRequest(string? Revision, bool Prune, IReadOnlyList<string> SyncOptions, JsonArray Infos, string? Project)
{
    public static SyncRequest From(JsonObject? body) => new(
        body?["revision"]?.GetValue<string>() is { Length: > 0 } r ? r : null,
        body?["prune"]?.GetValue<bool>() ?? false,
        (body?["syncOptions"]?["items"] as JsonArray)?.Select(i => i!.GetValue<string>()).ToList() ?? [],
        body?["infos"] as JsonArray is { } infos ? (JsonArray)infos.DeepClone() : [],
        body?["project"]?.GetValue<string>());
}
