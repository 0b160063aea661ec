using Bosun.Core.Shipyard;

namespace Bosun.Fuzz.Targets;

public sealed class ShipyardTarget : FuzzTarget
{
    public override string Name => "shipyard";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            ShipyardParser.Parse(Text(input));
        }
        catch (ShipyardException)
        {
        }
    }
}
