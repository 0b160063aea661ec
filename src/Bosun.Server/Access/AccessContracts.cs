namespace Bosun.Server.Access;

/// <summary><c>POST /api/bosun/v1/tokens</c>'s answer (DESIGN §8): the token's value, here only, once.</summary>
internal sealed record TokenCreated(string Name, string Role, IReadOnlyList<string>? Projects, string Token);

/// <summary>A token as listed: never its value.</summary>
internal sealed record TokenItem(string Name, string Role, IReadOnlyList<string>? Projects, string? Created);

internal sealed record TokenList(IReadOnlyList<TokenItem> Tokens);

/// <summary>One entry of <c>GET /api/bosun/v1/audit</c>.</summary>
internal sealed record AuditItem(string Time, string Token, string Action, string Target, string? Project);

internal sealed record AuditList(IReadOnlyList<AuditItem> Entries, string? NextPageKey);
