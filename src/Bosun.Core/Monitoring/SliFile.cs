using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Yaml;

namespace Bosun.Core.Monitoring;

/// <summary>
/// A Keptn SLI file (<c>prometheus/sli.yaml</c>): <c>indicators: {name: query}</c>. Keptn's prometheus-service reads it
/// at project, stage and service level and lets the more specific file override an indicator of the same name.
/// </summary>
public static class SliFile
{
    public const string PrometheusUri = "prometheus/sli.yaml";

    /// <exception cref="SloException">Not YAML, not a mapping, or no <c>indicators</c>; the message names the file and level.</exception>
    public static Dictionary<string, string> Parse(string yaml, string where)
    {
        JsonNode? root;
        try
        {
            root = YamlDocument.Parse(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new SloException($"{PrometheusUri} ({where}) is not valid YAML: {e.Message}");
        }
        if (root is not JsonObject doc || doc["indicators"] is not JsonObject indicators || indicators.Count == 0)
        {
            throw new SloException($"{PrometheusUri} ({where}) is missing the required field: indicators");
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, query) in indicators)
        {
            if (query is not JsonValue value || value.ToString() is not { Length: > 0 } text)
            {
                throw new SloException($"{PrometheusUri} ({where}): indicator '{name}' has no query");
            }
            result[name] = text;
        }
        return result;
    }

    /// <summary>Project, then stage, then service level; later levels override earlier ones by indicator name.</summary>
    /// <exception cref="SloException">One of the files cannot be used.</exception>
    public static Dictionary<string, string> Merge(IEnumerable<(string Where, string? Yaml)> levels)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (where, yaml) in levels)
        {
            if (yaml is null)
            {
                continue;
            }
            foreach (var (name, query) in Parse(yaml, where))
            {
                merged[name] = query;
            }
        }
        return merged;
    }
}
