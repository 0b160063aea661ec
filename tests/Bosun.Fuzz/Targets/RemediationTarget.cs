using Bosun.Core.Remediation;

namespace Bosun.Fuzz.Targets;

public sealed class RemediationTarget : FuzzTarget
{
    public override string Name => "remediation";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            RemediationFile.Parse(Text(input));
        }
        catch (RemediationException)
        {
        }
    }
}
