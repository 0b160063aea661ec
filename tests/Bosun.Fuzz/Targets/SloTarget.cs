using Bosun.Core.Evaluation;

namespace Bosun.Fuzz.Targets;

public sealed class SloTarget : FuzzTarget
{
    public override string Name => "slo";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            SloFile.ParseStrict(Text(input));
        }
        catch (SloException)
        {
        }
    }
}
