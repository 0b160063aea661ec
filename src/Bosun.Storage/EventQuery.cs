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

    /// <summary>The filters that are one column's equality, by the <c>events</c> column each narrows (both stores' SQL).</summary>
    internal IEnumerable<(string Column, string Value)> Equalities =>
        new[] { ("context", KeptnContext), ("type", Type), ("project", Project), ("stage", Stage), ("service", Service),
            ("id", EventId), ("source", Source), ("triggeredid", TriggeredId) }
        .Where(f => !string.IsNullOrEmpty(f.Item2))
        .Select(f => (f.Item1, f.Item2!));
}
