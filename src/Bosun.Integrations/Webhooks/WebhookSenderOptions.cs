using Bosun.Core.Webhooks;

namespace Bosun.Integrations.Webhooks;

/// <summary>How webhook requests are sent: the address policy, the timeout and the response cap.</summary>
public sealed record WebhookSenderOptions
{
    public AddressPolicy Policy { get; init; } = new();
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bytes of a response body kept (larger bodies fail the request).</summary>
    public int MaxResponseBytes { get; init; } = 1 << 20;

    /// <summary>Redirects followed, each checked against the policy like the first request.</summary>
    public int MaxRedirects { get; init; } = 5;
}
