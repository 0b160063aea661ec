using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Yaml;

namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>An <c>argocd-notifications-cm</c> ConfigMap: webhook services, templates and triggers (spec/argocd.md A3).</summary>
public sealed record NotificationsConfig(
    IReadOnlyDictionary<string, WebhookService> Services,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, WebhookTemplate>> Templates,
    IReadOnlyDictionary<string, IReadOnlyList<TriggerCondition>> Triggers)
{
    /// <summary>Reads the ConfigMap; <c>$name</c> in service settings is replaced from <paramref name="secrets"/> (argocd-notifications-secret).</summary>
    /// <exception cref="FormatException">The ConfigMap does not parse; the message names the key.</exception>
    public static NotificationsConfig Parse(string configMapYaml, IReadOnlyDictionary<string, string> secrets)
    {
        JsonObject data;
        try
        {
            data = (YamlDocument.Parse(configMapYaml) as JsonObject)?["data"] as JsonObject
                ?? throw new FormatException("the ConfigMap has no 'data'");
        }
        catch (YamlFormatException e)
        {
            throw new FormatException($"the ConfigMap is not valid YAML: {e.Message}");
        }
        var services = new Dictionary<string, WebhookService>();
        var templates = new Dictionary<string, IReadOnlyDictionary<string, WebhookTemplate>>();
        var triggers = new Dictionary<string, IReadOnlyList<TriggerCondition>>();
        foreach (var (key, value) in data)
        {
            var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
            if (key.StartsWith("service.webhook.", StringComparison.Ordinal))
            {
                var settings = Inner(key, Substitute(text, secrets)) as JsonObject ?? throw new FormatException($"{key} must be a mapping");
                var headers = (settings["headers"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(h => (h["name"]?.ToString() ?? string.Empty, h["value"]?.ToString() ?? string.Empty)).ToList();
                services[key["service.webhook.".Length..]] = new WebhookService(
                    settings["url"]?.ToString() ?? throw new FormatException($"{key} has no url"), headers);
            }
            else if (key.StartsWith("template.", StringComparison.Ordinal))
            {
                var webhooks = (Inner(key, text) as JsonObject)?["webhook"] as JsonObject ?? [];
                templates[key["template.".Length..]] = webhooks.ToDictionary(
                    w => w.Key,
                    w => new WebhookTemplate(w.Value?["method"]?.ToString() ?? "GET", w.Value?["path"]?.ToString() ?? string.Empty, w.Value?["body"]?.ToString() ?? string.Empty));
            }
            else if (key.StartsWith("trigger.", StringComparison.Ordinal))
            {
                var conditions = Inner(key, text) as JsonArray ?? throw new FormatException($"{key} must be a list of conditions");
                triggers[key["trigger.".Length..]] = conditions.OfType<JsonObject>().Select(c => new TriggerCondition(
                    c["when"]?.ToString() ?? throw new FormatException($"{key} has a condition without 'when'"),
                    (c["send"] as JsonArray ?? []).Select(s => s!.ToString()).ToList(),
                    c["oncePer"]?.ToString())).ToList();
            }
        }
        return new NotificationsConfig(services, templates, triggers);
    }

    private static JsonNode? Inner(string key, string text)
    {
        try
        {
            return YamlDocument.Parse(text);
        }
        catch (YamlFormatException e)
        {
            throw new FormatException($"{key}: {e.Message}");
        }
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> secrets) =>
        secrets.OrderByDescending(s => s.Key.Length).Aggregate(text, (current, secret) => current.Replace("$" + secret.Key, secret.Value, StringComparison.Ordinal));
}
