using System.Collections.Concurrent;
using System.Text;
using Bosun.Core.Webhooks;
using Bosun.Server.Api;

using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Parsed <c>webhook/webhook.yaml</c> files by (project, stage, service), so the webhook-service does not read and
/// parse three files for every committed event. The resource and project endpoints invalidate a project after
/// each write or delete; a read that raced with an invalidation is not kept.
/// </summary>
internal sealed partial class WebhookFiles(IProjectStore store, ILogger<WebhookFiles> log)
{
    private readonly ConcurrentDictionary<(string Project, string Stage, string Service), WebhookConfig?> _files = new();
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);

    public async Task<WebhookConfig?> GetAsync(string project, string stage, string service)
    {
        var key = (project, stage, service);
        if (_files.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var generation = _generations.GetValueOrDefault(project);
        WebhookConfig? config = null;
        if (await store.GetResourceAsync(project, stage, service, ResourceEndpoints.WebhookFile) is { } file)
        {
            try
            {
                config = WebhookConfig.Parse(Encoding.UTF8.GetString(file.Content));
            }
            catch (WebhookException e)
            {
                InvalidFile(log, project, stage, service, e.Message);
            }
        }
        if (_generations.GetValueOrDefault(project) == generation)
        {
            _files[key] = config;
        }
        return config;
    }

    private long _resourcesVersion = -1;

    /// <summary>On a shared store, forgets every parsed file once the store's resources <paramref name="version"/> moved on (a write through another process).</summary>
    public void EnsureCurrent(long version)
    {
        if (Interlocked.Exchange(ref _resourcesVersion, version) != version)
        {
            foreach (var project in _files.Keys.Select(k => k.Project).Distinct().ToList())
            {
                Invalidate(project);
            }
        }
    }

    public void Invalidate(string project)
    {
        _generations.AddOrUpdate(project, 1, (_, g) => g + 1);
        foreach (var key in _files.Keys.Where(k => k.Project == project))
        {
            _files.TryRemove(key, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook/webhook.yaml of {Project} (stage '{Stage}', service '{Service}') is invalid and skipped: {Reason}")]
    private static partial void InvalidFile(ILogger log, string project, string stage, string service, string reason);
}
