using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Cli.Output;

internal static class JsonText
{
    /// <summary>A node as text for a table cell: strings as they are, other values as JSON, missing as null.</summary>
    public static string? Str(this JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
