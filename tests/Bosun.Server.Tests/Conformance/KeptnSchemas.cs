using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Bosun.Server.Tests.Conformance;

/// <summary>
/// The answer schemas of Keptn's services, as test data (TestData/keptn/schemas, each file naming the Keptn document
/// it follows); <see cref="Check"/> validates a body against one definition, e.g. <c>shipyard-controller#SequenceStates</c>.
/// </summary>
public static class KeptnSchemas
{
    private const string Base = "https://bosun.test/keptn/";
    private static readonly Lazy<BuildOptions> Options = new(Load);

    /// <summary>The problems of <paramref name="body"/> against <paramref name="definition"/> (<c>file#Name</c>), none when it conforms.</summary>
    public static IReadOnlyList<string> Check(string definition, JsonNode? body)
    {
        var (file, name) = (definition.Split('#')[0], definition.Split('#')[1]);
        var schema = JsonSchema.FromText($$"""{"$ref": "{{Base}}{{file}}.json#/$defs/{{name}}"}""", Options.Value);
        var element = JsonSerializer.SerializeToElement(body);
        var results = schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    private static BuildOptions Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var directory = Path.Combine(AppContext.BaseDirectory, "TestData", "keptn", "schemas");
        // shipyard-controller first: the others refer to its CloudEvent.
        foreach (var file in Directory.GetFiles(directory, "*.json").OrderBy(f => Path.GetFileName(f) == "shipyard-controller.json" ? 0 : 1))
        {
            JsonSchema.FromText(File.ReadAllText(file), options);
        }
        return options;
    }
}
