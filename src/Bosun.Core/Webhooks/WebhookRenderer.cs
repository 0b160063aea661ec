using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Templating;

namespace Bosun.Core.Webhooks;

/// <summary>
/// Turns a request template into the request to send (spec/keptn.md §5.3): Go templates with
/// <c>missingkey=error</c> over the whole event as a map plus <c>.env</c> (the webhook's secrets), then Keptn's
/// safety rules on the result. Messages never contain a secret's value.
/// </summary>
public static class WebhookRenderer
{
    private static readonly TemplateOptions Options = new() { MissingKeyError = true, JsonNumbers = true };

    /// <summary>The template data: the event as Keptn serialises it, and <c>env</c>.</summary>
    public static JsonObject Data(KeptnEvent evt, IReadOnlyDictionary<string, string> env)
    {
        var map = KeptnEventJson.ToJson(evt);
        var envMap = new JsonObject();
        foreach (var (key, value) in env)
        {
            envMap[key] = value;
        }
        map["env"] = envMap;
        return map;
    }

    /// <exception cref="WebhookException">Rendering or the safety rules failed; secrets are masked in the message.</exception>
    public static HttpRequestSpec Render(WebhookRequestTemplate template, JsonObject data, IReadOnlyDictionary<string, string> env)
    {
        try
        {
            return template switch
            {
                CurlTemplate curl => CurlCommand.Parse(Apply(curl.Command, data)),
                BetaTemplate beta => Beta(beta, data),
                _ => throw new WebhookException("unknown request kind"),
            };
        }
        catch (WebhookException e)
        {
            throw new WebhookException(Mask(e.Message, env));
        }
    }

    /// <summary>Replaces every secret value in <paramref name="text"/>, in every form <see cref="SecretMask"/> knows, by <c>***</c>.</summary>
    public static string Mask(string text, IReadOnlyDictionary<string, string> env) => SecretMask.For(env).Apply(text);

    private static HttpRequestSpec Beta(BetaTemplate beta, JsonObject data)
    {
        var url = Apply(beta.Url, data);
        var headers = beta.Headers.Select(h => new KeyValuePair<string, string>(Apply(h.Key, data), Apply(h.Value, data))).ToList();
        var payload = beta.Payload is null ? null : Apply(beta.Payload, data);
        // Keptn turns a beta request into a curl command; the same rules hold for the pieces, and for its options.
        var options = string.IsNullOrWhiteSpace(beta.Options) ? null : CurlCommand.Parse($"curl {Apply(beta.Options, data)} http://options.invalid/");
        CurlCommand.EnsureAllowed(url, "the url");
        foreach (var header in headers)
        {
            HttpHeaderRules.Ensure(header.Key, header.Value);
            CurlCommand.EnsureAllowed(header.Value, $"the header {header.Key}");
        }
        CurlCommand.EnsureAllowed(payload ?? string.Empty, "the payload");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new WebhookException($"'{url}' is not an http(s) URL");
        }
        if (options is not null)
        {
            headers.AddRange(options.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || options.Body is null));
        }
        return new HttpRequestSpec(beta.Method, parsed, headers, payload, options?.BasicAuth, options?.Insecure ?? false);
    }

    private static string Apply(string text, JsonObject data)
    {
        try
        {
            return GoTemplate.Parse(text, "webhook").Render(data, Options);
        }
        catch (TemplateException e)
        {
            throw new WebhookException($"template error: {e.Message}");
        }
    }
}
