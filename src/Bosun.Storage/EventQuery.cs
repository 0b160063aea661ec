namespace Bosun.Storage;

/// <summary>Filters of the event store queries (spec §4.4). Every non-null field narrows the result.</summary>
public sealed record EventQuery
{
    public string? KeptnContext { get; init; }
    public string? Type { get; init; }
    public string? Project { get; init; }
    public string? Stage { get; init; }
    public string? Service { get; init; }
    public string? EventId { get; init; }
    public string? Source { get; init; }
    public string? TriggeredId { get; init; }
    public IReadOnlyList<string>? Results { get; init; }
    public DateTimeOffset? FromTime { get; init; }
    public DateTimeOffset? BeforeTime { get; init; }
    public bool ExcludeInvalidated { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 20;

    /// <summary>Whether the page reports how many events match in all (an extra pass; internal readers skip it).</summary>
    public bool CountTotal { get; init; } = true;
}
