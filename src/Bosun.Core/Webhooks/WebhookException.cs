namespace Bosun.Core.Webhooks;

/// <summary>A webhook file or request that cannot be used; the message says what and where.</summary>
/// <param name="outcome">How the request went, for metrics: refused (the deny list or a header rule), failed (no answer),
/// timeout, error (an error status or an unusable answer), or invalid (the webhook's own configuration).</param>
public sealed class WebhookException(string message, string outcome = WebhookOutcome.Invalid) : Exception(message)
{
    public string Outcome { get; } = outcome;
}

/// <summary>The outcomes a webhook request is counted by.</summary>
public static class WebhookOutcome
{
    public const string Success = "success";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Timeout = "timeout";
    public const string Error = "error";
    public const string Invalid = "invalid";
}
