namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>One condition of a trigger: <c>when</c>, the templates to <c>send</c>, and an optional <c>oncePer</c>.</summary>
public sealed record TriggerCondition(string When, IReadOnlyList<string> Send, string? OncePer);
