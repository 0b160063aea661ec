using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bosun.Benchmarks;

/// <summary>The events of one type stored since a moment, read through Keptn's datastore API as a client reads them.</summary>
internal static class StoredEvents
{
    /// <summary>How many there are: one event's page and its <c>totalCount</c>, cheap enough to poll.</summary>
    public static async Task<int> CountAsync(HttpClient client, string type, DateTimeOffset from, CancellationToken cancellationToken = default) =>
        (await client.GetFromJsonAsync<JsonObject>($"{Query(type, from)}&pageSize=1", cancellationToken))!["totalCount"]!.GetValue<int>();

    /// <summary>All of them, page by page, newest stored first (as the API lists them).</summary>
    public static async Task<List<JsonObject>> ReadAsync(HttpClient client, string type, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        var all = new List<JsonObject>();
        var key = "0";
        do
        {
            var page = await client.GetFromJsonAsync<JsonObject>($"{Query(type, from)}&pageSize=100&nextPageKey={key}", cancellationToken);
            all.AddRange(page!["events"]!.AsArray().OfType<JsonObject>());
            key = page["nextPageKey"]?.GetValue<string>() ?? "0";
        }
        while (key != "0");
        return all;
    }

    /// <summary>An event's own <c>time</c>: when its sender created it.</summary>
    public static DateTimeOffset Time(JsonObject evt) => DateTimeOffset.Parse(evt["time"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static string Query(string type, DateTimeOffset from) =>
        $"/api/mongodb-datastore/event?type={type}&fromTime={from.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}";
}
