namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>A <c>service.webhook.&lt;name&gt;</c> entry: where to send and which headers.</summary>
public sealed record WebhookService(string Url, IReadOnlyList<(string Name, string Value)> Headers);
