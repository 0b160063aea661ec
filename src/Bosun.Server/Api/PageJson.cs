using System.Text.Json.Nodes;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Keptn's paged list shape: <c>{"&lt;name&gt;": [...], "nextPageKey", "pageSize", "totalCount"}</c>; the last page's key is "0".</summary>
internal static class PageJson
{
    public static JsonObject Of<T>(string name, Page<T> page, Func<T, JsonNode> item) => new()
    {
        [name] = new JsonArray(page.Items.Select(item).ToArray()),
        ["nextPageKey"] = page.NextPageKey ?? "0",
        ["pageSize"] = page.PageSize,
        ["totalCount"] = page.TotalCount,
    };

    /// <summary>Pages a list built in memory.</summary>
    public static JsonObject Of(string name, IReadOnlyList<JsonNode> all, Paging paging) =>
        Of(name, Page<JsonNode>.From(all.Skip(paging.Offset).Take(paging.PageSize).ToList(), all.Count, paging.Offset, paging.PageSize), n => n);
}
