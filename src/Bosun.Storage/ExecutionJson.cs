using System.Text.Json;
using System.Text.Json.Serialization;
using Bosun.Core.Sequences;

namespace Bosun.Storage;

/// <summary>How a sequence execution is kept: one JSON document per row.</summary>
internal static class ExecutionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(SequenceExecution execution) => JsonSerializer.Serialize(execution, Options);

    public static SequenceExecution Read(string json) =>
        JsonSerializer.Deserialize<SequenceExecution>(json, Options) ?? throw new InvalidDataException("empty sequence row");
}
