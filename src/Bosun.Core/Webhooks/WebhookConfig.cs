using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Yaml;

namespace Bosun.Core.Webhooks;

/// <summary>A <c>webhook/webhook.yaml</c> (spec/keptn.md §5.2), alpha (curl strings) or beta (request objects).</summary>
public sealed record WebhookConfig(string ApiVersion, string Name, IReadOnlyList<WebhookSpec> Webhooks)
{
    public const string Alpha = "webhookconfig.keptn.sh/v1alpha1";
    public const string Beta = "webhookconfig.keptn.sh/v1beta1";
    private static readonly string[] BetaMethods = ["POST", "PUT", "GET", "HEAD"];

    /// <exception cref="WebhookException">The file is not a valid webhook config; the message names the field.</exception>
    public static WebhookConfig Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlDocument.Parse(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new WebhookException($"webhook.yaml is not valid YAML: {e.Message}");
        }
        if (root is not JsonObject doc)
        {
            throw new WebhookException("webhook.yaml must be a YAML mapping");
        }
        var apiVersion = doc.GetString("apiVersion");
        if (apiVersion is not (Alpha or Beta))
        {
            throw new WebhookException($"webhook.yaml apiVersion '{apiVersion}' is not {Alpha} or {Beta}");
        }
        if (doc.GetString("kind") != "WebhookConfig")
        {
            throw new WebhookException($"webhook.yaml kind '{doc.GetString("kind")}' is not WebhookConfig");
        }
        var name = doc["metadata"] is JsonObject metadata ? metadata.GetString("name") ?? string.Empty : string.Empty;
        if ((doc["spec"] as JsonObject)?["webhooks"] is not JsonArray list || list.Count == 0)
        {
            throw new WebhookException("webhook.yaml spec.webhooks must be a non-empty list");
        }
        var webhooks = list.Select((item, i) => Webhook(item as JsonObject ?? throw new WebhookException($"spec.webhooks[{i}] must be a mapping"), i, apiVersion == Beta)).ToList();
        return new WebhookConfig(apiVersion, name, webhooks);
    }

    private static WebhookSpec Webhook(JsonObject webhook, int index, bool beta)
    {
        var at = $"spec.webhooks[{index}]";
        var type = webhook.GetString("type") is { Length: > 0 } t ? t : throw new WebhookException($"{at}.type is required");
        if (webhook["requests"] is not JsonArray requests || requests.Count == 0)
        {
            throw new WebhookException($"{at}.requests must be a non-empty list");
        }
        var templates = requests.Select((r, i) => beta ? BetaRequest(r, $"{at}.requests[{i}]") : AlphaRequest(r, $"{at}.requests[{i}]")).ToList();
        var env = (webhook["envFrom"] as JsonArray ?? []).Select((e, i) =>
        {
            var where = $"{at}.envFrom[{i}]";
            var entry = e as JsonObject ?? throw new WebhookException($"{where} must be a mapping");
            return new EnvFromSecret(
                entry.GetString("name") is { Length: > 0 } n ? n : throw new WebhookException($"{where}.name is required"),
                (entry["secretRef"] as JsonObject)?["name"]?.ToString() is { Length: > 0 } s ? s : throw new WebhookException($"{where}.secretRef.name is required"),
                (entry["secretRef"] as JsonObject)?["key"]?.ToString() is { Length: > 0 } k ? k : throw new WebhookException($"{where}.secretRef.key is required"));
        }).ToList();
        return new WebhookSpec(type, webhook["subscriptionID"]?.ToString(), Flag(webhook, "sendStarted", true, at), Flag(webhook, "sendFinished", false, at), env, templates);
    }

    private static bool Flag(JsonObject webhook, string name, bool fallback, string at) => webhook[name] switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out var b) => b,
        var other => throw new WebhookException($"{at}.{name} '{other}' must be true or false"),
    };

    private static WebhookRequestTemplate AlphaRequest(JsonNode? node, string at) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Trim() is { Length: > 0 } command
            ? new CurlTemplate(command)
            : throw new WebhookException($"{at} must be a curl command string ({Alpha})");

    private static WebhookRequestTemplate BetaRequest(JsonNode? node, string at)
    {
        if (node is not JsonObject request)
        {
            throw new WebhookException($"{at} must be a mapping with url and method ({Beta})");
        }
        var url = request.GetString("url") is { Length: > 0 } u ? u : throw new WebhookException($"{at}.url is required");
        var method = request.GetString("method")?.ToUpperInvariant() ?? throw new WebhookException($"{at}.method is required");
        if (!BetaMethods.Contains(method))
        {
            throw new WebhookException($"{at}.method '{method}' is not one of {string.Join(", ", BetaMethods)}");
        }
        var headers = (request["headers"] as JsonArray ?? []).Select((h, i) =>
        {
            var key = (h as JsonObject)?["key"]?.ToString();
            var value = (h as JsonObject)?["value"]?.ToString();
            return string.IsNullOrEmpty(key) || string.IsNullOrEmpty(value)
                ? throw new WebhookException($"{at}.headers[{i}] needs a non-empty key and value")
                : new KeyValuePair<string, string>(key, value);
        }).ToList();
        return new BetaTemplate(url, method, headers, request["payload"]?.ToString(), request.GetString("options"));
    }
}

/// <summary>One <c>spec.webhooks[]</c> entry.</summary>
public sealed record WebhookSpec(
    string Type,
    string? SubscriptionId,
    bool SendStarted,
    bool SendFinished,
    IReadOnlyList<EnvFromSecret> EnvFrom,
    IReadOnlyList<WebhookRequestTemplate> Requests);

/// <summary><c>envFrom[]</c>: the secret key whose value is <c>.env.&lt;name&gt;</c> in templates.</summary>
public sealed record EnvFromSecret(string Name, string SecretName, string SecretKey);

/// <summary>A request before rendering.</summary>
public abstract record WebhookRequestTemplate;

/// <summary>A v1alpha1 request: one curl command string.</summary>
public sealed record CurlTemplate(string Command) : WebhookRequestTemplate;

/// <summary>A v1beta1 request.</summary>
public sealed record BetaTemplate(string Url, string Method, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Payload, string? Options)
    : WebhookRequestTemplate;
