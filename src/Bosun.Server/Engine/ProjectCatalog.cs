using System.Collections.Concurrent;
using System.Text;
using Bosun.Core.Sequences;
using Bosun.Core.Shipyard;

using Bosun.Storage;

namespace Bosun.Server.Engine;

/// <summary>
/// Projects, their parsed shipyards and services, held in memory. On a store with one writer the writer keeps it current;
/// on a shared store each holder compares <see cref="Version"/> with the store's before using it (docs/architecture.md,
/// "Cached, but never stale"), and a reload swaps in a whole new copy, so a reader never sees a half-loaded one.
/// </summary>
internal sealed class ProjectCatalog : IProjectCatalog
{
    private volatile Contents _contents = new();
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The store's catalog version this copy was loaded at (shared stores only).</summary>
    public long Version { get; private set; } = -1;

    /// <summary>The projects known, with their shipyards.</summary>
    public IEnumerable<KeyValuePair<string, ShipyardSpec>> Shipyards => _contents.Shipyards;

    public ShipyardSpec? GetShipyard(string project) => _contents.Shipyards.GetValueOrDefault(project);

    public bool ServiceExists(string project, string stage, string service) => _contents.Services.ContainsKey(Key(project, stage, service));

    public bool ServiceExistsAnywhere(string project, string service) =>
        GetShipyard(project) is { } shipyard && shipyard.Stages.Any(s => ServiceExists(project, s.Name, service));

    public void SetShipyard(string project, ShipyardSpec shipyard) => _contents.Shipyards[project] = shipyard;

    public void AddService(string project, string stage, string service) => _contents.Services[Key(project, stage, service)] = 0;

    public void RemoveService(string project, string service)
    {
        var services = _contents.Services;
        foreach (var key in services.Keys.Where(k => k.StartsWith(project + "\u001f", StringComparison.Ordinal) && k.EndsWith("\u001f" + service, StringComparison.Ordinal)))
        {
            services.TryRemove(key, out _);
        }
    }

    public void RemoveProject(string project)
    {
        var contents = _contents;
        contents.Shipyards.TryRemove(project, out _);
        foreach (var key in contents.Services.Keys.Where(k => k.StartsWith(project + "\u001f", StringComparison.Ordinal)))
        {
            contents.Services.TryRemove(key, out _);
        }
    }

    /// <summary>Makes the next <see cref="EnsureCurrentAsync"/> reload (after a write that did not commit).</summary>
    public void Invalidate() => Version = -1;

    /// <summary>Reloads from the store when its catalog <paramref name="version"/> is not the one this copy was loaded at.</summary>
    public async Task EnsureCurrentAsync(IProjectStore store, long version, CancellationToken cancellationToken = default)
    {
        if (version == Version)
        {
            return;
        }
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (version != Version)
            {
                await LoadAsync(store);
                Version = version;
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Rebuilds the catalog from the store (at start, and after a failed write).</summary>
    public async Task LoadAsync(IProjectStore store)
    {
        var contents = new Contents();
        for (var offset = 0; ;)
        {
            var page = await store.ListProjectsAsync(offset, 500);
            foreach (var project in page.Items)
            {
                var file = await store.GetResourceAsync(project.Name, string.Empty, string.Empty, "shipyard.yaml");
                if (file is not null)
                {
                    contents.Shipyards[project.Name] = ShipyardParser.Parse(Encoding.UTF8.GetString(file.Content));
                }
            }
            if (page.NextPageKey is null)
            {
                break;
            }
            offset += page.Items.Count;
        }
        foreach (var service in await store.ListServicesAsync())
        {
            contents.Services[Key(service.Project, service.Stage, service.Name)] = 0;
        }
        _contents = contents;
    }

    private static string Key(string project, string stage, string service) => SequenceExecution.ScopeKey(project, stage, service);

    private sealed class Contents
    {
        public ConcurrentDictionary<string, ShipyardSpec> Shipyards { get; } = new();
        public ConcurrentDictionary<string, byte> Services { get; } = new();
    }
}
