using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Engine;

/// <summary>Project, service and shipyard writes, run inside the writer so the engine sees them in order.</summary>
internal static class ProjectChanges
{
    public const string ShipyardUri = "shipyard.yaml";

    /// <summary>Null on success, else (code, message).</summary>
    public static (int Code, string Message)? CreateProject(WriteContext ctx, string name, string yaml, ShipyardSpec shipyard, JsonObject details)
    {
        if (ctx.Catalog.GetShipyard(name) is not null)
        {
            return (409, $"project '{name}' already exists");
        }
        details["shipyardVersion"] = shipyard.ApiVersion;
        ctx.Batch.InsertProject(new ProjectRecord(name, ctx.Now, details));
        ctx.Batch.PutResource(name, string.Empty, string.Empty, ShipyardUri, Encoding.UTF8.GetBytes(yaml), ctx.Now);
        ctx.Catalog.SetShipyard(name, shipyard);
        StoreLifecycle(ctx, "project.create", name, null, new JsonObject { ["projectName"] = name });
        return null;
    }

    /// <summary>Replaces a project's shipyard; the set of stages may not change (as in Keptn).</summary>
    public static (int Code, string Message)? UpdateShipyard(WriteContext ctx, string project, string yaml, ShipyardSpec shipyard, bool writeResource)
    {
        var current = ctx.Catalog.GetShipyard(project);
        if (current is null)
        {
            return (404, $"project '{project}' does not exist");
        }
        var before = current.Stages.Select(s => s.Name).Order(StringComparer.Ordinal);
        var after = shipyard.Stages.Select(s => s.Name).Order(StringComparer.Ordinal);
        if (!before.SequenceEqual(after))
        {
            return (400, $"the stages of project '{project}' cannot be changed by an update (have {string.Join(", ", current.Stages.Select(s => s.Name))}, got {string.Join(", ", shipyard.Stages.Select(s => s.Name))})");
        }
        if (writeResource)
        {
            ctx.Batch.PutResource(project, string.Empty, string.Empty, ShipyardUri, Encoding.UTF8.GetBytes(yaml), ctx.Now);
        }
        ctx.Catalog.SetShipyard(project, shipyard);
        return null;
    }

    public static (int Code, string Message)? DeleteProject(WriteContext ctx, string project)
    {
        if (ctx.Catalog.GetShipyard(project) is null)
        {
            return (404, $"project '{project}' does not exist");
        }
        ctx.Engine.DropProject(project);
        ctx.Forget(project);
        ctx.Batch.DeleteProject(project);
        ctx.Catalog.RemoveProject(project);
        return null;
    }

    public static (int Code, string Message)? CreateService(WriteContext ctx, string project, string service)
    {
        var shipyard = ctx.Catalog.GetShipyard(project);
        if (shipyard is null)
        {
            return (404, $"project '{project}' does not exist");
        }
        if (ctx.Catalog.ServiceExistsAnywhere(project, service))
        {
            return (409, $"service '{service}' already exists in project '{project}'");
        }
        foreach (var stage in shipyard.Stages)
        {
            ctx.Batch.InsertService(new ServiceRecord(project, stage.Name, service, ctx.Now));
            ctx.Catalog.AddService(project, stage.Name, service);
        }
        StoreLifecycle(ctx, "service.create", project, service, new JsonObject());
        return null;
    }

    public static (int Code, string Message)? DeleteService(WriteContext ctx, string project, string service)
    {
        if (ctx.Catalog.GetShipyard(project) is null)
        {
            return (404, $"project '{project}' does not exist");
        }
        if (!ctx.Catalog.ServiceExistsAnywhere(project, service))
        {
            return (404, $"service '{service}' does not exist in project '{project}'");
        }
        ctx.Batch.DeleteService(project, service);
        ctx.Catalog.RemoveService(project, service);
        return null;
    }

    /// <summary>Keptn records its REST operations as <c>.started</c>/<c>.finished</c> event pairs.</summary>
    private static void StoreLifecycle(WriteContext ctx, string task, string project, string? service, JsonObject extra)
    {
        var context = EventIds.New(ctx.Now);
        var startedId = EventIds.New(ctx.Now);
        JsonObject Data(bool finished)
        {
            var data = (JsonObject)extra.DeepClone();
            data["project"] = project;
            if (service is not null)
            {
                data["service"] = service;
            }
            if (finished)
            {
                data["status"] = KeptnStatus.Succeeded;
                data["result"] = KeptnResult.Pass;
            }
            return data;
        }
        ctx.Store(new KeptnEvent(startedId, "shipyard-controller", $"sh.keptn.event.{task}.started", context, null, ctx.Now, Data(false)));
        ctx.Store(new KeptnEvent(EventIds.New(ctx.Now), "shipyard-controller", $"sh.keptn.event.{task}.finished", context, startedId, ctx.Now, Data(true)));
    }
}
