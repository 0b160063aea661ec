using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Api;

internal static class EventPages
{
    public static JsonObject Json(Page<KeptnEvent> page) => new()
    {
        ["events"] = new JsonArray(page.Items.Select(e => (JsonNode)KeptnEventJson.ToJson(e)).ToArray()),
        ["nextPageKey"] = page.NextPageKey ?? "0",
        ["pageSize"] = page.PageSize,
        ["totalCount"] = page.TotalCount,
    };
}
