namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>A template's <c>webhook.&lt;service&gt;</c> part: method, path and body, each a Go template.</summary>
public sealed record WebhookTemplate(string Method, string Path, string Body);
