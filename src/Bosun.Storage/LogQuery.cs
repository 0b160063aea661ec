namespace Bosun.Storage;

/// <summary>Filters of <c>GET /api/controlPlane/v1/log</c>; every non-null field narrows the result.</summary>
public sealed record LogQuery
{
    public string? IntegrationId { get; init; }
    public DateTimeOffset? FromTime { get; init; }
    public DateTimeOffset? BeforeTime { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 20;
}
