using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Yaml;

namespace Bosun.Core.Shipyard;

/// <summary>Parses and validates <c>shipyard.yaml</c> with the rules Keptn applies on project create.</summary>
public static class ShipyardParser
{
    private const string ApiPrefix = "spec.keptn.sh/";

    /// <exception cref="ShipyardException">The text is not YAML or breaks a rule; the message says which.</exception>
    public static ShipyardSpec Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlDocument.Parse(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new ShipyardException($"shipyard is not valid YAML: {e.Message}");
        }
        if (root is not JsonObject doc)
        {
            throw new ShipyardException("shipyard must be a YAML mapping with apiVersion, kind, metadata and spec");
        }
        // A file of another kind (a WebhookConfig, a Remediation) under shipyard.yaml is refused; a missing kind is
        // accepted as Keptn's early shipyards omitted it.
        if (doc["kind"] is { } kind && Text(kind) != "Shipyard")
        {
            throw new ShipyardException($"shipyard field 'kind' must be Shipyard, not '{EntityName.Quote(kind.ToString())}'");
        }
        var apiVersion = Text(doc["apiVersion"]) ?? throw new ShipyardException("shipyard field 'apiVersion' is missing");
        CheckVersion(apiVersion);
        var name = Text((doc["metadata"] as JsonObject)?["name"]) ?? string.Empty;
        var stagesNode = (doc["spec"] as JsonObject)?["stages"];
        if (stagesNode is not JsonArray stageArray || stageArray.Count == 0)
        {
            throw new ShipyardException("shipyard field 'spec.stages' must list at least one stage");
        }
        var stages = new List<StageSpec>();
        for (var i = 0; i < stageArray.Count; i++)
        {
            var stage = ParseStage(stageArray[i], $"spec.stages[{i}]");
            if (stages.Any(s => s.Name == stage.Name))
            {
                throw new ShipyardException($"shipyard field 'spec.stages[{i}].name': stage '{stage.Name}' is declared twice");
            }
            stages.Add(stage);
        }
        return new ShipyardSpec(apiVersion, name, stages);
    }

    private static void CheckVersion(string apiVersion)
    {
        var version = apiVersion.StartsWith(ApiPrefix, StringComparison.Ordinal) ? apiVersion[ApiPrefix.Length..] : null;
        var parts = version?.TrimStart('v').Split('.', '-', '+');
        if (parts is null || parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new ShipyardException($"shipyard field 'apiVersion': '{apiVersion}' is not of the form spec.keptn.sh/<major>.<minor>.<patch>");
        }
        if (major == 0 && minor < 2)
        {
            throw new ShipyardException($"shipyard field 'apiVersion': version '{version}' is not supported, it must be spec.keptn.sh/0.2.0 or newer");
        }
    }

    private static StageSpec ParseStage(JsonNode? node, string path)
    {
        if (node is not JsonObject stage)
        {
            throw new ShipyardException($"shipyard field '{path}' must be a mapping");
        }
        var name = Text(stage["name"]);
        var error = EntityName.CheckStage($"shipyard field '{path}.name'", name);
        if (error is not null)
        {
            throw new ShipyardException(error);
        }
        var sequences = new List<SequenceSpec>();
        if (stage["sequences"] is JsonArray seqs)
        {
            for (var i = 0; i < seqs.Count; i++)
            {
                sequences.Add(ParseSequence(seqs[i], $"{path}.sequences[{i}]"));
            }
        }
        else if (stage["sequences"] is not null)
        {
            throw new ShipyardException($"shipyard field '{path}.sequences' must be a list");
        }
        return new StageSpec(name!, sequences);
    }

    private static SequenceSpec ParseSequence(JsonNode? node, string path)
    {
        if (node is not JsonObject seq)
        {
            throw new ShipyardException($"shipyard field '{path}' must be a mapping");
        }
        var name = Text(seq["name"]) ?? throw new ShipyardException($"shipyard field '{path}.name' is missing");
        var triggers = new List<TriggerSpec>();
        if (seq["triggeredOn"] is JsonArray ons)
        {
            for (var i = 0; i < ons.Count; i++)
            {
                var on = ons[i] as JsonObject ?? throw new ShipyardException($"shipyard field '{path}.triggeredOn[{i}]' must be a mapping");
                var evt = Text(on["event"]) ?? throw new ShipyardException($"shipyard field '{path}.triggeredOn[{i}].event' is missing");
                var match = new Dictionary<string, string>();
                if ((on["selector"] as JsonObject)?["match"] is JsonObject m)
                {
                    foreach (var (k, v) in m)
                    {
                        match[k] = Text(v) ?? string.Empty;
                    }
                }
                triggers.Add(new TriggerSpec(evt, match));
            }
        }
        var tasks = new List<TaskSpec>();
        if (seq["tasks"] is JsonArray ts)
        {
            for (var i = 0; i < ts.Count; i++)
            {
                tasks.Add(ParseTask(ts[i], $"{path}.tasks[{i}]"));
            }
        }
        return new SequenceSpec(name, triggers, tasks);
    }

    private static TaskSpec ParseTask(JsonNode? node, string path)
    {
        if (node is not JsonObject task)
        {
            throw new ShipyardException($"shipyard field '{path}' must be a mapping");
        }
        var name = Text(task["name"]) ?? throw new ShipyardException($"shipyard field '{path}.name' is missing");
        TimeSpan? after = null;
        if (Text(task["triggeredAfter"]) is { } afterText)
        {
            after = GoDuration.TryParse(afterText, out var d)
                ? d
                : throw new ShipyardException($"shipyard field '{path}.triggeredAfter': '{afterText}' is not a duration such as 10m or 1h30m");
        }
        var properties = task["properties"] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new ShipyardException($"shipyard field '{path}.properties' must be a mapping"),
        };
        TimeSpan? timeout = null;
        if (properties?["timeout"] is { } timeoutNode)
        {
            var text = Text(timeoutNode);
            timeout = GoDuration.TryParse(text, out var t) && t > TimeSpan.Zero
                ? t
                : throw new ShipyardException($"shipyard field '{path}.properties.timeout': '{text}' is not a positive duration such as 30m");
        }
        return new TaskSpec(name, after, properties, timeout);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()
        : null;
}
