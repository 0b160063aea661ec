using Bosun.Core.Evaluation;

namespace Bosun.Fuzz.Targets;

public sealed class CriteriaTarget : FuzzTarget
{
    public override string Name => "criteria";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            Criterion.Parse(Text(input));
        }
        catch (SloException)
        {
        }
    }
}
