using Bosun.Core.Webhooks;

namespace Bosun.Fuzz.Targets;

public sealed class WebhookTarget : FuzzTarget
{
    public override string Name => "webhook";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            WebhookConfig.Parse(Text(input));
        }
        catch (WebhookException)
        {
        }
    }
}
