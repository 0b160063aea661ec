using Bosun.Core.Json;

namespace Bosun.Fuzz.Targets;

/// <summary>The strict JSON reader every request body goes through: what it accepts must be fully readable.</summary>
public sealed class JsonBodyTarget : FuzzTarget
{
    public override string Name => "json";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var node = StrictJson.Parse(input, StrictJson.WithComments, out var error);
        if (error is null)
        {
            // Lazy nodes throw only when read; an accepted body must survive being written out in full.
            _ = node?.ToJsonString();
        }
    }
}
