namespace Bosun.Server.Api;

/// <summary>What the writer did with an inbound event.</summary>
internal sealed record IngestOutcome(string? KeptnContext, int ErrorCode = 0, string? ErrorMessage = null, bool Duplicate = false);
