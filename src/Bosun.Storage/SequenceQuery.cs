namespace Bosun.Storage;

/// <summary>Filters of Keptn's sequence-execution query in one project; every non-null field narrows the result.</summary>
public sealed record SequenceQuery(string Project)
{
    public string? Stage { get; init; }
    public string? Service { get; init; }
    public string? Name { get; init; }

    /// <summary>The execution's state as Keptn spells it (<c>started</c>, <c>waitingForApproval</c>, …).</summary>
    public string? State { get; init; }
    public string? KeptnContext { get; init; }
    public int Offset { get; init; }
    public int PageSize { get; init; } = 50;

    /// <summary>The <c>sequences</c> columns this query narrows on, with their values (the names are fixed here, never input).</summary>
    internal IEnumerable<(string Column, string Value)> Columns()
    {
        foreach (var (column, value) in new[] { ("stage", Stage), ("service", Service), ("name", Name), ("state", State), ("context", KeptnContext) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return (column, value!);
            }
        }
    }
}
