using Bosun.Core.Shipyard;

namespace Bosun.Core.Sequences;

/// <summary>What the engine needs to know about projects; the host keeps it in memory.</summary>
public interface IProjectCatalog
{
    /// <summary>The project's shipyard, or null when the project does not exist.</summary>
    ShipyardSpec? GetShipyard(string project);

    bool ServiceExists(string project, string stage, string service);
}
