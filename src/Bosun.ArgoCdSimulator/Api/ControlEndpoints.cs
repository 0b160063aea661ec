using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Model;

namespace Bosun.ArgoCdSimulator.Api;

/// <summary>The simulator's own controls (not Argo CD's API): add apps, push to git, disturb the watch.</summary>
internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/sim");
        sim.MapPost("/apps", AddApps);
        sim.MapPost("/apps/{name}/push", Push);
        sim.MapPost("/watch/disconnect", (ArgoCdSimulation s) =>
        {
            s.DisconnectWatchers();
            return TypedResults.Json(new JsonObject());
        });
        return app;
    }

    private static async Task<IResult> AddApps(HttpRequest request, ArgoCdSimulation sim)
    {
        using var reader = new StreamReader(request.Body);
        try
        {
            var apps = AppSeed.Parse(await reader.ReadToEndAsync());
            apps.ForEach(sim.AddApp);
            return TypedResults.Json(new JsonObject { ["added"] = apps.Count });
        }
        catch (FormatException e)
        {
            return ArgoError.Of(400, 3, e.Message);
        }
    }

    private static async Task<IResult> Push(string name, HttpRequest request, ArgoCdSimulation sim)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        if (body?["revision"]?.GetValue<string>() is not { Length: > 0 } revision)
        {
            return ArgoError.Of(400, 3, "push needs a 'revision'");
        }
        var images = (body["images"] as JsonArray)?.Select(i => i!.GetValue<string>()).ToList();
        try
        {
            sim.Push(name, revision, images);
            return TypedResults.Json(sim.Get(name, null));
        }
        catch (SimulatorError e)
        {
            return ArgoError.Of(e);
        }
    }
}
