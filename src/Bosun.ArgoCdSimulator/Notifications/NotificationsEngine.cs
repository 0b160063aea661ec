using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Bosun.ArgoCdSimulator.Model;
using Bosun.Core.Templating;

namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>
/// Argo CD's notifications controller for the simulator: for each app change, every trigger the app subscribes to
/// (annotation <c>notifications.argoproj.io/subscribe.&lt;trigger&gt;.&lt;service&gt;</c>) is evaluated; a condition
/// that becomes true sends its templates, rendered as Go templates over <c>.app</c>, to the webhook service. Without
/// <c>oncePer</c> it sends again each time the condition turns true anew; with it, once per value (spec A3).
/// </summary>
public sealed class NotificationsEngine : IAsyncDisposable
{
    private const string SubscribePrefix = "notifications.argoproj.io/subscribe.";
    private readonly ArgoCdSimulation _simulation;
    private readonly NotificationsConfig _config;
    private readonly HttpClient _http;
    private readonly Channel<JsonObject> _changes = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _notified = [];
    private readonly Task _loop;

    public NotificationsEngine(ArgoCdSimulation simulation, NotificationsConfig config, HttpClient http)
    {
        _simulation = simulation;
        _config = config;
        _http = http;
        _simulation.AppChanged += OnChanged;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Every notification sent so far, in order.</summary>
    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>Triggers or templates that could not be evaluated (Argo CD logs these and goes on).</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _simulation.AppChanged -= OnChanged;
        _changes.Writer.TryComplete();
        await _loop;
    }

    private void OnChanged(JsonObject app) => _changes.Writer.TryWrite(app);

    private async Task RunAsync()
    {
        await foreach (var app in _changes.Reader.ReadAllAsync())
        {
            foreach (var (trigger, service) in Subscriptions(app))
            {
                if (!_config.Triggers.TryGetValue(trigger, out var conditions))
                {
                    continue;
                }
                for (var i = 0; i < conditions.Count; i++)
                {
                    try
                    {
                        await EvaluateAsync(app, trigger, service, i, conditions[i]);
                    }
                    catch (Exception e) when (e is FormatException or TemplateException or InvalidOperationException)
                    {
                        Errors.Enqueue($"{trigger}[{i}] for {app["metadata"]?["name"]}: {e.Message}");
                    }
                }
            }
        }
    }

    private async Task EvaluateAsync(JsonObject app, string trigger, string service, int index, TriggerCondition condition)
    {
        var name = app["metadata"]?["name"]?.ToString() ?? string.Empty;
        var once = condition.OncePer is null ? string.Empty : TriggerExpression.Value(condition.OncePer, app) + ":";
        var key = $"{name}/{once}{trigger}:[{index}]:{service}";
        if (!TriggerExpression.Evaluate(condition.When, app))
        {
            if (condition.OncePer is null)
            {
                _notified.Remove(key);
            }
            return;
        }
        if (!_notified.Add(key))
        {
            return;
        }
        foreach (var templateName in condition.Send)
        {
            if (_config.Templates.TryGetValue(templateName, out var webhooks) && webhooks.TryGetValue(service, out var template)
                && _config.Services.TryGetValue(service, out var target))
            {
                await SendAsync(name, trigger, templateName, app, template, target);
            }
        }
    }

    private async Task SendAsync(string app, string trigger, string templateName, JsonObject state, WebhookTemplate template, WebhookService target)
    {
        var data = new JsonObject { ["app"] = state.DeepClone(), ["context"] = new JsonObject() };
        var options = new TemplateOptions { JsonNumbers = false };
        var body = GoTemplate.Parse(template.Body, templateName).Render(data, options);
        var url = target.Url + GoTemplate.Parse(template.Path, templateName).Render(data, options);
        using var request = new HttpRequestMessage(new HttpMethod(template.Method), url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = null;
        foreach (var (header, value) in target.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header, value))
            {
                request.Content.Headers.TryAddWithoutValidation(header, value);
            }
        }
        var status = 0;
        try
        {
            using var response = await _http.SendAsync(request);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // As Argo CD: a failed send is not retried until the condition turns true again.
        }
        Deliveries.Enqueue(new Delivery(app, trigger, templateName, url, body, status));
    }

    private static IEnumerable<(string Trigger, string Service)> Subscriptions(JsonObject app)
    {
        if (app["metadata"]?["annotations"] is not JsonObject annotations)
        {
            yield break;
        }
        foreach (var (key, _) in annotations)
        {
            if (!key.StartsWith(SubscribePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var rest = key[SubscribePrefix.Length..];
            var dot = rest.LastIndexOf('.');
            if (dot > 0)
            {
                yield return (rest[..dot], rest[(dot + 1)..]);
            }
        }
    }
}
