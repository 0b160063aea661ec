using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>
/// Reads apps for the simulator from JSON: one object or a list of
/// <c>{"name", "project", "labels", "annotations", "revision", "autoSync", "images", "externalURLs", "syncSeconds",
/// "healthSeconds", "failingRevisions", "degradedRevisions"}</c>; only <c>name</c> and <c>revision</c> are required.
/// </summary>
public static class AppSeed
{
    /// <exception cref="FormatException">The JSON is not a valid app seed; the message names the field.</exception>
    public static List<SimulatedApp> Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"apps are not valid JSON: {e.Message}");
        }
        var items = root switch
        {
            JsonArray list => list.ToList(),
            JsonObject one => [one],
            _ => throw new FormatException("apps must be a JSON object or a list of objects"),
        };
        return items.Select((item, i) => One(item as JsonObject ?? throw new FormatException($"apps[{i}] must be an object"), i)).ToList();
    }

    private static SimulatedApp One(JsonObject seed, int index)
    {
        string Required(string field) => Text(seed, field) is { Length: > 0 } value
            ? value
            : throw new FormatException($"apps[{index}].{field} is required");
        var app = new SimulatedApp
        {
            Name = Required("name"),
            HeadRevision = Required("revision"),
            Labels = Map(seed, "labels", index),
            Annotations = Map(seed, "annotations", index),
            FailingRevisions = [.. Strings(seed, "failingRevisions", index)],
            DegradedRevisions = [.. Strings(seed, "degradedRevisions", index)],
        };
        app.Project = Text(seed, "project") ?? app.Project;
        app.RepoUrl = Text(seed, "repoURL") ?? app.RepoUrl;
        app.AutoSync = seed["autoSync"]?.GetValueKind() == JsonValueKind.True;
        app.Images = Strings(seed, "images", index);
        app.ExternalUrls = Strings(seed, "externalURLs", index);
        app.SyncDuration = Seconds(seed, "syncSeconds", index) ?? app.SyncDuration;
        app.HealthDelay = Seconds(seed, "healthSeconds", index) ?? app.HealthDelay;
        return app;
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static Dictionary<string, string> Map(JsonObject obj, string field, int index) => obj[field] switch
    {
        null => [],
        JsonObject map => map.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty),
        _ => throw new FormatException($"apps[{index}].{field} must be an object of strings"),
    };

    private static List<string> Strings(JsonObject obj, string field, int index) => obj[field] switch
    {
        null => [],
        JsonArray list => list.Select(i => i?.ToString() ?? string.Empty).ToList(),
        _ => throw new FormatException($"apps[{index}].{field} must be a list of strings"),
    };

    private static TimeSpan? Seconds(JsonObject obj, string field, int index) => obj[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() >= 0 => TimeSpan.FromSeconds(v.GetValue<double>()),
        _ => throw new FormatException($"apps[{index}].{field} must be a number of seconds, 0 or more"),
    };
}
