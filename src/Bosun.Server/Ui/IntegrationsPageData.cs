using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Builds a project's integrations page: the built-in integrations from the server's own composition, the outside
/// ones whose subscriptions take the project (or every project), each with its newest error logs.
/// </summary>
internal static class IntegrationsPageData
{
    public const int LogsShown = 5;

    public static async Task<IntegrationsView> BuildAsync(IStore store, IEnumerable<IWorkIntegration> builtIn, string project)
    {
        var outside = new List<OutsideIntegration>();
        foreach (var integration in (await store.ListIntegrationsAsync()).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var subscriptions = (integration.Body["subscriptions"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(s => Names(s["filter"]?["projects"]) is not { Count: > 0 } projects || projects.Contains(project))
                .Select(s => new SubscriptionLine(s.GetString("event") ?? "?", Filter(s["filter"] as JsonObject))).ToList();
            var registered = integration.Body["subscriptions"] is JsonArray { Count: > 0 };
            if (registered && subscriptions.Count == 0)
            {
                continue;
            }
            var logs = await store.QueryLogsAsync(new LogQuery { IntegrationId = integration.Id, PageSize = LogsShown });
            var metadata = integration.Body["metadata"] as JsonObject ?? [];
            outside.Add(new OutsideIntegration(integration.Id, integration.Name,
                metadata.GetString("integrationversion") ?? metadata.GetString("distributorversion"), metadata.GetString("hostname"),
                integration.LastSeen, subscriptions,
                [.. logs.Items.Select(l => new ErrorLogLine(TimeParam.Stored(l.GetString("time")) ?? DateTimeOffset.UnixEpoch, l.GetString("message") ?? "", l.GetString("shkeptncontext"), l.GetString("task")))],
                logs.TotalCount));
        }
        return new IntegrationsView(project,
            [.. builtIn.Select(i => new BuiltInIntegration(i.Name, i.Subscriptions)).OrderBy(i => i.Name, StringComparer.Ordinal)], outside);
    }

    private static List<string>? Names(JsonNode? node) =>
        node is JsonArray list ? [.. list.OfType<JsonValue>().Select(v => v.ToString())] : null;

    private static string Filter(JsonObject? filter)
    {
        string Part(string key, string noun) => Names(filter?[key]) is { Count: > 0 } names ? $"{noun} {string.Join(", ", names)}" : $"any {noun[..^1]}";
        return $"{Part("stages", "stages")}; {Part("services", "services")}";
    }
}
