using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>One line of the watch stream: <c>{"result": {"type": …, "application": …}}</c>.</summary>
public sealed record WatchEvent(string Type, JsonObject Application)
{
    public JsonObject ToJson() => new() { ["result"] = new JsonObject { ["type"] = Type, ["application"] = Application.DeepClone() } };
}
