namespace Bosun.Storage;

/// <summary>
/// One entry of the audit trail (DESIGN §8): who (the token's name), what (an action such as <c>sequence.trigger</c>),
/// when, on what (the target's path) and in which project (null when the change is not in one).
/// </summary>
public sealed record AuditRecord(DateTimeOffset Time, string Token, string Action, string Target, string? Project);
