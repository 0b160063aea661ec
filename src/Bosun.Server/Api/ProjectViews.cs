using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Shipyard;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Keptn's ExpandedProject / ExpandedStage / ExpandedService shapes.</summary>
internal static class ProjectViews
{
    public static async Task<JsonObject> ProjectAsync(IProjectStore projects, IEventStore events, ProjectRecord project)
    {
        var shipyardFile = await projects.GetResourceAsync(project.Name, string.Empty, string.Empty, "shipyard.yaml");
        var yaml = shipyardFile is null ? string.Empty : Encoding.UTF8.GetString(shipyardFile.Content);
        var shipyard = shipyardFile is null ? null : ShipyardParser.Parse(yaml);
        var services = await projects.ListServicesAsync(project.Name);
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
        var stages = new JsonArray();
        foreach (var stage in shipyard?.Stages ?? [])
        {
            stages.Add(await StageAsync(events, stage, shipyard!, services));
        }
        view["stages"] = stages;
        return view;
    }

    private static async Task<JsonObject> StageAsync(IEventStore events, StageSpec stage, ShipyardSpec shipyard, IReadOnlyList<ServiceRecord> services)
    {
        var parents = shipyard.Stages
            .Where(other => other.Name != stage.Name && stage.Sequences.Any(q => q.TriggeredOn.Any(t => t.Event.StartsWith(other.Name + ".", StringComparison.Ordinal))))
            .Select(other => (JsonNode)JsonValue.Create(other.Name)!)
            .ToArray();
        var views = new JsonArray();
        foreach (var service in services.Where(s => s.Stage == stage.Name))
        {
            views.Add(await ServiceAsync(events, service));
        }
        return new JsonObject
        {
            ["stageName"] = stage.Name,
            ["parentStages"] = new JsonArray(parents),
            ["services"] = views,
        };
    }

    private static async Task<JsonObject> ServiceAsync(IEventStore events, ServiceRecord service)
    {
        var last = new JsonObject();
        string? image = null;
        foreach (var evt in await events.LatestEventsByTypeAsync(service.Project, service.Stage, service.Name))
        {
            last[evt.Type] = new JsonObject
            {
                ["eventId"] = evt.Id,
                ["keptnContext"] = evt.KeptnContext,
                ["time"] = Nanos(evt.Time),
            };
            image ??= evt.Image;
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
