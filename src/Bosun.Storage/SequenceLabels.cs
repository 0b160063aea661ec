using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>
/// The <c>labels</c> column of a sequence row: the triggering event's labels as <c>␟key=value␟key=value␟</c> (unit
/// separators around each pair), so a label filter is a substring test both stores run without parsing JSON.
/// </summary>
internal static class SequenceLabels
{
    private const char Separator = '\u001f';

    public static string Encode(SequenceExecution execution)
    {
        if (execution.InputData["labels"] is not JsonObject labels || labels.Count == 0)
        {
            return string.Empty;
        }
        return Separator + string.Join(Separator, labels.Select(l => l.Key + "=" + Text(l.Value))) + Separator;
    }

    public static string Needle(string key, string value) => $"{Separator}{key}={value}{Separator}";

    /// <summary>The value of one label in an encoded column, or null.</summary>
    public static string? Value(string encoded, string key)
    {
        var at = encoded.IndexOf(Separator + key + "=", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }
        var start = at + key.Length + 2;
        var end = encoded.IndexOf(Separator, start);
        return end < 0 ? null : encoded[start..end];
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
