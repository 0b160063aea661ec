using System.Collections.Concurrent;
using System.Text;
using Bosun.Core.Sequences;
using Bosun.Core.Shipyard;

using Bosun.Storage;

namespace Bosun.Server.Engine;

/// <summary>Projects, their parsed shipyards and services, held in memory for the engine. Written by the writer loop only.</summary>
internal sealed class ProjectCatalog : IProjectCatalog
{
    private readonly ConcurrentDictionary<string, ShipyardSpec> _shipyards = new();
    private readonly ConcurrentDictionary<string, byte> _services = new();

    public ShipyardSpec? GetShipyard(string project) => _shipyards.GetValueOrDefault(project);

    public bool ServiceExists(string project, string stage, string service) => _services.ContainsKey(Key(project, stage, service));

    public bool ServiceExistsAnywhere(string project, string service) =>
        GetShipyard(project) is { } shipyard && shipyard.Stages.Any(s => ServiceExists(project, s.Name, service));

    public void SetShipyard(string project, ShipyardSpec shipyard) => _shipyards[project] = shipyard;

    public void AddService(string project, string stage, string service) => _services[Key(project, stage, service)] = 0;

    public void RemoveService(string project, string service)
    {
        foreach (var key in _services.Keys.Where(k => k.StartsWith(project + "\u001f", StringComparison.Ordinal) && k.EndsWith("\u001f" + service, StringComparison.Ordinal)))
        {
            _services.TryRemove(key, out _);
        }
    }

    public void RemoveProject(string project)
    {
        _shipyards.TryRemove(project, out _);
        foreach (var key in _services.Keys.Where(k => k.StartsWith(project + "\u001f", StringComparison.Ordinal)))
        {
            _services.TryRemove(key, out _);
        }
    }

    /// <summary>Rebuilds the catalog from the store (at start, and after a failed write).</summary>
    public async Task LoadAsync(IProjectStore store)
    {
        _shipyards.Clear();
        _services.Clear();
        for (var offset = 0; ;)
        {
            var page = await store.ListProjectsAsync(offset, 500);
            foreach (var project in page.Items)
            {
                var file = await store.GetResourceAsync(project.Name, string.Empty, string.Empty, "shipyard.yaml");
                if (file is not null)
                {
                    SetShipyard(project.Name, ShipyardParser.Parse(Encoding.UTF8.GetString(file.Content)));
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
            AddService(service.Project, service.Stage, service.Name);
        }
    }

    private static string Key(string project, string stage, string service) => SequenceExecution.ScopeKey(project, stage, service);
}
