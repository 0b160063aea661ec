using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Storage;
using Bosun.Storage.Sqlite;

namespace Bosun.Server.Api;

/// <summary>Keptn's ExpandedProject / ExpandedStage / ExpandedService shapes.</summary>
internal static class ProjectViews
{
    public static JsonObject Project(SqliteStore store, ProjectRecord project)
    {
        var shipyardFile = store.GetResource(project.Name, string.Empty, string.Empty, "shipyard.yaml");
        var yaml = shipyardFile is null ? string.Empty : Encoding.UTF8.GetString(shipyardFile.Content);
        var shipyard = shipyardFile is null ? null : ShipyardParser.Parse(yaml);
        var services = store.ListServices(project.Name);
        var view = new JsonObject
        {
            ["projectName"] = project.Name,
            ["creationDate"] = Nanos(project.Created),
            ["shipyard"] = yaml,
            ["shipyardVersion"] = shipyard?.ApiVersion ?? string.Empty,
        };
        if (project.Details["gitCredentials"] is JsonObject git)
        {
            view["gitCredentials"] = git.DeepClone();
        }
        view["stages"] = new JsonArray((shipyard?.Stages ?? []).Select(s => (JsonNode)Stage(store, project.Name, s, shipyard!, services)).ToArray());
        return view;
    }

    public static JsonObject Stage(SqliteStore store, string project, StageSpec stage, ShipyardSpec shipyard, IReadOnlyList<ServiceRecord> services)
    {
        var parents = shipyard.Stages
            .Where(other => other.Name != stage.Name && stage.Sequences.Any(q => q.TriggeredOn.Any(t => t.Event.StartsWith(other.Name + ".", StringComparison.Ordinal))))
            .Select(other => (JsonNode)JsonValue.Create(other.Name)!)
            .ToArray();
        return new JsonObject
        {
            ["stageName"] = stage.Name,
            ["parentStages"] = new JsonArray(parents),
            ["services"] = new JsonArray(services.Where(s => s.Stage == stage.Name).Select(s => (JsonNode)Service(store, s)).ToArray()),
        };
    }

    public static JsonObject Service(SqliteStore store, ServiceRecord service)
    {
        var last = new JsonObject();
        string? image = null;
        foreach (var evt in store.LatestEventsByType(service.Project, service.Stage, service.Name))
        {
            last[evt.Type] = new JsonObject
            {
                ["eventId"] = evt.Id,
                ["keptnContext"] = evt.KeptnContext,
                ["time"] = Nanos(evt.Time),
            };
            image ??= evt.Data.GetPath("labels.image") ?? evt.Data.GetPath("configurationChange.values.image");
        }
        return new JsonObject
        {
            ["serviceName"] = service.Name,
            ["creationDate"] = Nanos(service.Created),
            ["deployedImage"] = image ?? string.Empty,
            ["lastEventTypes"] = last,
            ["openRemediations"] = new JsonArray(),
        };
    }

    /// <summary>Keptn writes creation dates as Unix nanoseconds in a string.</summary>
    private static string Nanos(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() * 1_000_000L).ToString(CultureInfo.InvariantCulture);
}
