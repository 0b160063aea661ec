using System.Text.Json.Nodes;
using Bosun.Core.Templating;

namespace Bosun.Fuzz.Targets;

/// <summary>The template engine: parse, then render over a small event within small budgets (so a run stays fast).</summary>
public sealed class TemplateTarget : FuzzTarget
{
    private static readonly TemplateOptions Options = new() { MissingKeyError = true, MaxOutputChars = 64 * 1024, MaxSteps = 20_000 };
    private static readonly JsonObject Data = (JsonObject)JsonNode.Parse("""
        {"data": {"project": "p", "labels": {"version": "1.0"}, "list": [1, 2.5, "x", null, true]}, "id": "i", "env": {"token": "t"}}
        """)!;

    public override string Name => "template";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var output = GoTemplate.Parse(Text(input), "fuzz").Render(Data, Options);
            if (output.Length > Options.MaxOutputChars)
            {
                throw new InvalidOperationException($"the output of {output.Length} characters passed the cap");
            }
        }
        catch (TemplateException)
        {
        }
    }
}
