namespace Bosun.Storage;

/// <summary>One page of a query, with Keptn's paging fields (the next page key is an offset).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount, int PageSize, string? NextPageKey)
{
    public static Page<T> From(IReadOnlyList<T> items, int total, int offset, int pageSize) =>
        new(items, total, pageSize, offset + items.Count < total ? (offset + items.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
}
