using Bosun.Core.Webhooks;

namespace Bosun.Fuzz.Targets;

public sealed class CurlTarget : FuzzTarget
{
    public override string Name => "curl";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var request = CurlCommand.Parse(Text(input));
            // Whatever parses must be sendable: no header that could split a request.
            foreach (var (name, value) in request.Headers)
            {
                if (HttpHeaderRules.Check(name, value) is { } error)
                {
                    throw new InvalidOperationException($"the parser let through a header it must refuse: {error}");
                }
            }
        }
        catch (WebhookException)
        {
        }
    }
}
