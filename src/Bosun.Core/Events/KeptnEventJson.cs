using System.Globalization;
using System.Text.Json.Nodes;

namespace Bosun.Core.Events;

/// <summary>The structured-mode JSON of a Keptn CloudEvent, as Keptn's API returns it.</summary>
public static class KeptnEventJson
{
    private static readonly HashSet<string> Known =
    [
        "specversion", "id", "source", "type", "time", "datacontenttype", "contenttype", "shkeptncontext",
        "triggeredid", "shkeptnspecversion", "gitcommitid", "data",
    ];

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ToJson(KeptnEvent evt)
    {
        var obj = new JsonObject
        {
            ["specversion"] = KeptnEvent.SpecVersion,
            ["id"] = evt.Id,
            ["source"] = evt.Source,
            ["type"] = evt.Type,
            ["time"] = FormatTime(evt.Time),
            ["datacontenttype"] = "application/json",
            ["shkeptncontext"] = evt.KeptnContext,
        };
        if (!string.IsNullOrEmpty(evt.TriggeredId))
        {
            obj["triggeredid"] = evt.TriggeredId;
        }
        obj["shkeptnspecversion"] = KeptnEvent.KeptnSpecVersion;
        if (!string.IsNullOrEmpty(evt.GitCommitId))
        {
            obj["gitcommitid"] = evt.GitCommitId;
        }
        if (evt.Extensions is not null)
        {
            foreach (var (key, value) in evt.Extensions)
            {
                if (!Known.Contains(key))
                {
                    obj[key] = value?.DeepClone();
                }
            }
        }
        obj["data"] = evt.Data.DeepClone();
        return obj;
    }

    /// <summary>Reads back what <see cref="ToJson"/> wrote.</summary>
    public static KeptnEvent FromJson(JsonObject obj)
    {
        var extensions = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (!Known.Contains(key))
            {
                extensions[key] = value?.DeepClone();
            }
        }
        return new KeptnEvent(
            obj.GetString("id") ?? string.Empty,
            obj.GetString("source") ?? string.Empty,
            obj.GetString("type") ?? string.Empty,
            obj.GetString("shkeptncontext") ?? string.Empty,
            obj.GetString("triggeredid"),
            DateTimeOffset.Parse(obj.GetString("time") ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            obj["data"] as JsonObject is { } d ? (JsonObject)d.DeepClone() : [],
            obj.GetString("gitcommitid"),
            extensions.Count > 0 ? extensions : null);
    }

    public static bool IsKnownAttribute(string name) => Known.Contains(name);
}
