namespace Bosun.Core.Webhooks;

/// <summary>A uniform subscription's filter (spec §4.2): an event type and optional project/stage/service lists.</summary>
public sealed record SubscriptionFilter(string Event, IReadOnlyList<string> Projects, IReadOnlyList<string> Stages, IReadOnlyList<string> Services)
{
    public bool Accepts(string type, string project, string stage, string service) =>
        Event == type
        && (Projects.Count == 0 || Projects.Contains(project))
        && (Stages.Count == 0 || Stages.Contains(stage))
        && (Services.Count == 0 || Services.Contains(service));
}

/// <summary>Where a webhook.yaml was found; more specific levels win.</summary>
public enum WebhookLevel
{
    Service,
    Stage,
    Project,
}

/// <summary>A webhook entry chosen to answer an event, with a key naming it (for ids and messages).</summary>
public sealed record WebhookMatch(WebhookSpec Webhook, WebhookLevel Level, string Key);

/// <summary>
/// Which webhook entries answer an event (issue 4 item 2, spec §5.1). Files are looked at service → stage →
/// project. An entry whose <c>subscriptionID</c> names a known uniform subscription answers when that subscription's
/// filter accepts the event; an entry without a known id answers events of its type in the scope of its file. Each
/// subscription answers once, from the most specific file that has it; entries without one come from the most
/// specific file that has entries for the type.
/// </summary>
public static class WebhookMatcher
{
    public static IReadOnlyList<WebhookMatch> Match(
        IReadOnlyList<(WebhookLevel Level, WebhookConfig Config)> files,
        string type, string project, string stage, string service,
        Func<string, SubscriptionFilter?> subscription)
    {
        var chosen = new List<WebhookMatch>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        WebhookLevel? unnamedLevel = null;
        foreach (var (level, config) in files.OrderBy(f => f.Level))
        {
            for (var i = 0; i < config.Webhooks.Count; i++)
            {
                var webhook = config.Webhooks[i];
                if (webhook.Type != type)
                {
                    continue;
                }
                var filter = string.IsNullOrEmpty(webhook.SubscriptionId) ? null : subscription(webhook.SubscriptionId);
                if (filter is not null && !filter.Accepts(type, project, stage, service))
                {
                    continue;
                }
                if (filter is not null)
                {
                    if (taken.Add(webhook.SubscriptionId!))
                    {
                        chosen.Add(new WebhookMatch(webhook, level, $"subscription {webhook.SubscriptionId}"));
                    }
                    continue;
                }
                // Entries without a known subscription: those of the most specific file that has any.
                unnamedLevel ??= level;
                if (unnamedLevel == level)
                {
                    chosen.Add(new WebhookMatch(webhook, level, $"{level.ToString().ToLowerInvariant()} webhook {i}"));
                }
            }
        }
        return chosen;
    }
}
