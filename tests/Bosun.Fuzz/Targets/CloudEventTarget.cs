using Bosun.Server.Api;
using Microsoft.AspNetCore.Http;

namespace Bosun.Fuzz.Targets;

/// <summary>The CloudEvent reader of <c>POST /api/v1/event</c>, structured mode: any body is an event or a 4xx.</summary>
public sealed class CloudEventTarget : FuzzTarget
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override string Name => "cloudevent";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(input.ToArray());
        context.Request.ContentLength = input.Length;
        var (evt, error) = InboundEvent.ReadAsync(context.Request, 64 * 1024, Now).GetAwaiter().GetResult();
        if (evt is null == (error is null))
        {
            throw new InvalidOperationException("the reader must give an event or an error, not both or neither");
        }
        // What is accepted must serialise: the store writes it as JSON.
        _ = evt is null ? null : Bosun.Core.Events.KeptnEventJson.ToJson(evt).ToJsonString();
    }
}
