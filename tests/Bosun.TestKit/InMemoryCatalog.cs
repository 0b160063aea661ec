using Bosun.Core.Sequences;
using Bosun.Core.Shipyard;

namespace Bosun.TestKit;

/// <summary>A project catalog for engine tests: shipyards and services set by hand.</summary>
public sealed class InMemoryCatalog : IProjectCatalog
{
    private readonly Dictionary<string, ShipyardSpec> _shipyards = [];
    private readonly HashSet<string> _services = [];

    public ShipyardSpec? GetShipyard(string project) => _shipyards.GetValueOrDefault(project);

    public bool ServiceExists(string project, string stage, string service) => _services.Contains($"{project}/{stage}/{service}");

    /// <summary>Adds a project from shipyard YAML, with the given services in every stage.</summary>
    public InMemoryCatalog Add(string project, string shipyardYaml, params string[] services)
    {
        var shipyard = ShipyardParser.Parse(shipyardYaml);
        _shipyards[project] = shipyard;
        foreach (var stage in shipyard.Stages)
        {
            foreach (var service in services)
            {
                _services.Add($"{project}/{stage.Name}/{service}");
            }
        }
        return this;
    }
}
