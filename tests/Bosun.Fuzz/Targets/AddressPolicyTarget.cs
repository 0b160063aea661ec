using System.Net;
using Bosun.Core.Webhooks;

namespace Bosun.Fuzz.Targets;

/// <summary>Host names and address spellings: the policy answers for any text, and every loopback spelling it parses is denied.</summary>
public sealed class AddressPolicyTarget : FuzzTarget
{
    private static readonly AddressPolicy Policy = new();

    public override string Name => "address";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var host = Text(input);
        var reason = Policy.DenyHost(host);
        if (AddressPolicy.TryParseLegacyIPv4(host) is { } spelled && IPAddress.IsLoopback(spelled) && reason is null)
        {
            throw new InvalidOperationException($"'{host}' spells loopback {spelled} and was permitted");
        }
        if (IPAddress.TryParse(host, out var address))
        {
            var denied = Policy.DenyAddress(address);
            if (IPAddress.IsLoopback(address) && denied is null)
            {
                throw new InvalidOperationException($"the loopback address {address} was permitted");
            }
        }
    }
}
