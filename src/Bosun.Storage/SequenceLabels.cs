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

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
