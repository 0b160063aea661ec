namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>One notification sent: what was rendered, where it went, and the answer (0 when the request failed).</summary>
public sealed record Delivery(string App, string Trigger, string Template, string Url, string Body, int Status);
