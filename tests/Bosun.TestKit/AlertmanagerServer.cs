using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bosun.TestKit;

/// <summary>
/// A real Alertmanager (the Debian package's <c>/usr/bin/prometheus-alertmanager</c>, installed by <c>eng/test.sh</c>) on a
/// free loopback port, clustering off, with one route that sends every alert to a webhook receiver quickly:
/// grouped per alert, first notification after 100 ms, updates and repeats every second.
/// </summary>
public sealed class AlertmanagerServer : ChildServer
{
    private AlertmanagerServer((Process, ConcurrentQueue<string>) child, string directory, Uri address)
        : base("alertmanager", child, directory, address)
    {
    }

    /// <param name="webhookUrl">Where notifications go (Alertmanager's <c>webhook_configs.url</c>).</param>
    /// <param name="bearerToken">Sent as <c>Authorization: Bearer</c> (<c>http_config.authorization</c>) when given.</param>
    public static async Task<AlertmanagerServer> StartAsync(string webhookUrl, string? bearerToken = null)
    {
        var binary = Binary("prometheus-alertmanager", "/usr/bin/prometheus-alertmanager", "/usr/local/bin/alertmanager");
        var directory = NewDirectory("alertmanager");
        var config = Path.Combine(directory, "alertmanager.yml");
        var authorization = bearerToken is null ? string.Empty : $"""

                    http_config:
                      authorization: {"{"}type: Bearer, credentials: '{bearerToken}'{"}"}
            """;
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: bosun
              group_by: ['...']
              group_wait: 100ms
              group_interval: 1s
              repeat_interval: 1s
            receivers:
              - name: bosun
                webhook_configs:
                  - url: '{webhookUrl}'
                    send_resolved: true{authorization}
            """);
        var port = FreePort();
        var child = Launch(binary,
        [
            $"--config.file={config}", $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        ]);
        var server = new AlertmanagerServer(child, directory, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitAsync(async () => (await server.Http.GetAsync("-/ready")).IsSuccessStatusCode, "Alertmanager to be ready");
        return server;
    }

    /// <summary>Posts one alert as Prometheus does (<c>POST /api/v2/alerts</c>); <paramref name="endsAt"/> in the past resolves it.</summary>
    public async Task PostAlertAsync(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string>? annotations = null,
        DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null)
    {
        var alert = new JsonObject
        {
            ["labels"] = Map(labels),
            ["annotations"] = Map(annotations ?? new Dictionary<string, string>()),
            ["generatorURL"] = "http://prometheus.example/graph?g0.expr=up",
        };
        if (startsAt is { } start)
        {
            alert["startsAt"] = start.ToString("O", CultureInfo.InvariantCulture);
        }
        if (endsAt is { } end)
        {
            alert["endsAt"] = end.ToString("O", CultureInfo.InvariantCulture);
        }
        var response = await Http.PostAsJsonAsync("api/v2/alerts", new JsonArray(alert));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Alertmanager refused the alert: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Waits until Alertmanager reports at least <paramref name="count"/> webhook notifications sent (its own metric).</summary>
    public Task WaitForNotificationsAsync(int count) => WaitAsync(async () => await NotificationsAsync() >= count, $"{count} webhook notifications");

    public Task<double> NotificationsAsync() => WebhookCounterAsync("alertmanager_notifications_total");

    /// <summary>Failed webhook notifications (Bosun answered with an error, or could not be reached).</summary>
    public Task<double> FailedNotificationsAsync() => WebhookCounterAsync("alertmanager_notifications_failed_total");

    private async Task<double> WebhookCounterAsync(string metric)
    {
        var metrics = await Http.GetStringAsync("metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal) && l.Contains("integration=\"webhook\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }
        return map;
    }
}
