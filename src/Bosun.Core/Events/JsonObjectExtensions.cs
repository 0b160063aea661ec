using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Core.Events;

/// <summary>Reading event payloads without ceremony.</summary>
public static class JsonObjectExtensions
{
    /// <summary>The string value of a top-level property, or null when absent or not a string.</summary>
    public static string? GetString(this JsonObject obj, string name) =>
        obj.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    // Paths are a few dozen constants (and label names): split once each, not on every read of an Argo CD app.
    private static readonly BoundedMemo<string[]> PathParts = new(1024, path => path.Split('.'));

    /// <summary>The string at a dotted path (<c>labels.version</c>), or null.</summary>
    public static string? GetPath(this JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in PathParts.Get(path))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
    }

    public static JsonObject DeepCloneObject(this JsonObject obj) => (JsonObject)obj.DeepClone();
}
