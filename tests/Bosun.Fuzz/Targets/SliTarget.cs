using Bosun.Core.Evaluation;
using Bosun.Core.Monitoring;

namespace Bosun.Fuzz.Targets;

public sealed class SliTarget : FuzzTarget
{
    public override string Name => "sli";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            SliFile.Parse(Text(input), "fuzz");
        }
        catch (SloException)
        {
        }
    }
}
