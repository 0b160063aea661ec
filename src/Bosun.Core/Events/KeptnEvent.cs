using System.Text.Json.Nodes;

namespace Bosun.Core.Events;

/// <summary>A Keptn CloudEvent as Core sees it: the envelope attributes Keptn uses plus <c>data</c>.</summary>
/// <param name="Extensions">Other top-level attributes, kept so an event reads back as it was sent.</param>
public sealed record KeptnEvent(
    string Id,
    string Source,
    string Type,
    string KeptnContext,
    string? TriggeredId,
    DateTimeOffset Time,
    JsonObject Data,
    string? GitCommitId = null,
    JsonObject? Extensions = null)
{
    public const string SpecVersion = "1.0";
    public const string KeptnSpecVersion = "0.2.4";

    public string? Project => Data.GetString("project");
    public string? Stage => Data.GetString("stage");
    public string? Service => Data.GetString("service");
}
