namespace Bosun.Integrations.Webhooks;

/// <summary>A successful webhook response: its status and body.</summary>
public sealed record WebhookResponse(int Status, string Body);
