namespace Bosun.Core.Shipyard;

/// <summary>A parsed and validated <c>shipyard.yaml</c> (spec.keptn.sh/0.2.x).</summary>
public sealed record ShipyardSpec(string ApiVersion, string Name, IReadOnlyList<StageSpec> Stages)
{
    public StageSpec? FindStage(string name) => Stages.FirstOrDefault(s => s.Name == name);
}
