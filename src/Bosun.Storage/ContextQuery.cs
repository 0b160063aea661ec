namespace Bosun.Storage;

/// <summary>Filters of the sequence-state view of one project; every non-null field narrows the result.</summary>
public sealed record ContextQuery(string Project)
{
    public IReadOnlyList<string>? Contexts { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? FromTime { get; init; }
    public DateTimeOffset? BeforeTime { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 20;
}
