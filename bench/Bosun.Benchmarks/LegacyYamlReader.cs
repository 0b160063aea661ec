using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Bosun.Benchmarks;

/// <summary>
/// The YAML reader before it had limits (YamlDotNet's representation model, converted recursively), kept as the
/// baseline that (j) measures the bounded reader against; scalars are typed by the same rule. It expands aliases
/// without a budget: never use it on input.
/// </summary>
internal static class LegacyYamlReader
{
    public static JsonNode? Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Bosun.Core.Yaml.YamlDocument.TypedScalar(scalar.Value, scalar.Style),
        _ => null,
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            obj[((YamlScalarNode)key).Value ?? string.Empty] = Convert(value);
        }
        return obj;
    }
}
