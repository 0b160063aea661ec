using System.Text.Json.Nodes;

namespace Bosun.Integrations.ArgoCd;

/// <summary>One application change from the watch stream (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>).</summary>
public sealed record ArgoWatchEvent(string Type, JsonObject Application)
{
    public string Name => Application["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
}
