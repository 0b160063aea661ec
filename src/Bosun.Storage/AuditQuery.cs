namespace Bosun.Storage;

/// <summary>Filters of <c>GET /api/bosun/v1/audit</c>: newest first; every non-null field narrows the result.</summary>
public sealed record AuditQuery
{
    public string? Project { get; init; }
    public DateTimeOffset? FromTime { get; init; }
    public DateTimeOffset? BeforeTime { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 50;
}
