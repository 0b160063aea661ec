namespace Bosun.Core.Webhooks;

/// <summary>A webhook file or request that cannot be used; the message says what and where.</summary>
public sealed class WebhookException(string message) : Exception(message);
