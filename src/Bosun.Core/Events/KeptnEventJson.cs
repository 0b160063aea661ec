using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
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

    /// <summary>
    /// Reads back what <see cref="ToJson"/> wrote. The event takes <paramref name="obj"/>'s <c>data</c> and extension
    /// nodes instead of copies (the object is left without them): the store reads each event into an object of its own.
    /// </summary>
    public static KeptnEvent FromJson(JsonObject obj)
    {
        var extensions = new JsonObject();
        foreach (var key in obj.Select(p => p.Key).Where(k => !Known.Contains(k)).ToList())
        {
            obj.Remove(key, out var value);
            extensions[key] = value;
        }
        var data = obj["data"] as JsonObject;
        if (data is not null)
        {
            obj.Remove("data");
        }
        return new KeptnEvent(
            obj.GetString("id") ?? string.Empty,
            obj.GetString("source") ?? string.Empty,
            obj.GetString("type") ?? string.Empty,
            obj.GetString("shkeptncontext") ?? string.Empty,
            obj.GetString("triggeredid"),
            DateTimeOffset.Parse(obj.GetString("time") ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            data ?? [],
            obj.GetString("gitcommitid"),
            extensions.Count > 0 ? extensions : null);
    }

    /// <summary>
    /// The JSON text of <see cref="ToJson"/>, the same to the byte, written straight from the event: no copy of its data
    /// is built first (the writer stores every event this way).
    /// </summary>
    public static string ToJsonString(KeptnEvent evt)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("specversion", KeptnEvent.SpecVersion);
            writer.WriteString("id", evt.Id);
            writer.WriteString("source", evt.Source);
            writer.WriteString("type", evt.Type);
            writer.WriteString("time", FormatTime(evt.Time));
            writer.WriteString("datacontenttype", "application/json");
            writer.WriteString("shkeptncontext", evt.KeptnContext);
            if (!string.IsNullOrEmpty(evt.TriggeredId))
            {
                writer.WriteString("triggeredid", evt.TriggeredId);
            }
            writer.WriteString("shkeptnspecversion", KeptnEvent.KeptnSpecVersion);
            if (!string.IsNullOrEmpty(evt.GitCommitId))
            {
                writer.WriteString("gitcommitid", evt.GitCommitId);
            }
            foreach (var (key, value) in evt.Extensions ?? [])
            {
                if (!Known.Contains(key))
                {
                    writer.WritePropertyName(key);
                    if (value is null)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        value.WriteTo(writer);
                    }
                }
            }
            writer.WritePropertyName("data");
            evt.Data.WriteTo(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static bool IsKnownAttribute(string name) => Known.Contains(name);
}
