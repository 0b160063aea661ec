using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>
/// Keptn's paged list shape: <c>{"&lt;name&gt;": [...], "nextPageKey", "pageSize", "totalCount"}</c>; the last page's key
/// is 0. Keptn's clients unmarshal the key as a string for most lists (go-utils' <c>ExpandedProjects</c>, <c>Events</c>,
/// <c>Resources</c>) but as an integer for sequence states, sequence executions and logs (<c>SequenceStates</c>,
/// <c>GetLogsResponse</c>, the shipyard-controller's <c>PaginationResult</c>): <see cref="PageKey"/> says which.
/// </summary>
internal static class PageJson
{
    public static JsonObject Of<T>(string name, Page<T> page, Func<T, JsonNode> item, PageKey key = PageKey.String) => new()
    {
        [name] = new JsonArray(page.Items.Select(item).ToArray()),
        ["nextPageKey"] = key == PageKey.Integer
            ? JsonValue.Create(page.NextPageKey is null ? 0L : long.Parse(page.NextPageKey, CultureInfo.InvariantCulture))
            : JsonValue.Create(page.NextPageKey ?? "0"),
        ["pageSize"] = page.PageSize,
        ["totalCount"] = page.TotalCount,
    };

    /// <summary>Pages a list built in memory.</summary>
    public static JsonObject Of(string name, IReadOnlyList<JsonNode> all, Paging paging) =>
        Of(name, Page<JsonNode>.From(all.Skip(paging.Offset).Take(paging.PageSize).ToList(), all.Count, paging.Offset, paging.PageSize), n => n);
}

/// <summary>How a list's <c>nextPageKey</c> is typed in Keptn's models.</summary>
internal enum PageKey
{
    String,
    Integer,
}
