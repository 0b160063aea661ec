using System.Data.Common;
using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Storage;

/// <summary>How both stores keep values: times as Unix milliseconds, events as their wire JSON.</summary>
internal static class StoredValues
{
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static KeptnEvent Event(string json) => KeptnEventJson.FromJson((JsonObject)JsonNode.Parse(json)!);

    public static string Json(KeptnEvent evt) => KeptnEventJson.ToJsonString(evt);

    /// <summary>A row of <see cref="SharedSql.LatestByType"/>: type, id, context, time, image.</summary>
    public static LatestEvent LatestEvent(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), FromMs(row.GetInt64(3)), row.IsDBNull(4) ? null : row.GetString(4));
}
