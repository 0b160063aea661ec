using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>Uniform registrations of outside integrations and their subscriptions (spec §4.2).</summary>
internal static class UniformEndpoints
{
    public static IEndpointRouteBuilder MapUniformEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/controlPlane/v1/uniform/registration");
        api.MapPost("/", Register);
        api.MapGet("/", List);
        api.MapDelete("/{id}", Delete);
        api.MapPut("/{id}/ping", Ping);
        api.MapGet("/{id}/subscription", ListSubscriptions);
        api.MapPost("/{id}/subscription", AddSubscription);
        api.MapGet("/{id}/subscription/{subscriptionId}", GetSubscription);
        api.MapPut("/{id}/subscription/{subscriptionId}", UpdateSubscription);
        api.MapDelete("/{id}/subscription/{subscriptionId}", DeleteSubscription);
        return app;
    }

    private static async Task<IResult> Register(HttpRequest request, IStore store, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        var name = body!.GetStringOrNull("name");
        if (string.IsNullOrEmpty(name))
        {
            return ApiError.BadRequest("name must not be empty");
        }
        var metadata = body!["metadata"] as JsonObject ?? [];
        var subscriptions = new JsonArray();
        if (body["subscriptions"] is JsonArray given)
        {
            foreach (var item in given)
            {
                if (SubscriptionFrom(item, out var subscription) is { } subError)
                {
                    return ApiError.BadRequest($"subscriptions: {subError}");
                }
                subscriptions.Add(subscription);
            }
        }
        // Keptn derives the id from the integration's identity, so a restarted integration registers as itself.
        var identity = $"{name}|{metadata.GetStringOrNull("hostname")}|{(metadata["kubernetesmetadata"] as JsonObject)?.GetStringOrNull("namespace")}";
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..40];
        var existing = (await store.ListIntegrationsAsync()).FirstOrDefault(i => i.Id == id);
        var now = time.GetUtcNow();
        metadata["lastseen"] = KeptnEventJson.FormatTime(now);
        var integration = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["metadata"] = metadata.DeepClone(),
            ["subscriptions"] = subscriptions,
        };
        await store.SaveIntegrationAsync(new IntegrationRecord(id, name, now, integration));
        var answer = new JsonObject { ["id"] = id };
        return existing is null ? TypedResults.Created((string?)null, answer) : TypedResults.Json(answer);
    }

    private static async Task<IResult> List(HttpRequest request, IStore store)
    {
        string? Q(string n) => request.Query[n].FirstOrDefault() is { Length: > 0 } v ? v : null;
        var (id, name, project, stage, service) = (Q("id"), Q("name"), Q("project"), Q("stage"), Q("service"));
        var list = (await store.ListIntegrationsAsync())
            .Where(i => (id is null || i.Id == id) && (name is null || i.Name == name))
            .Where(i => (project ?? stage ?? service) is null || ((JsonArray?)i.Body["subscriptions"] ?? []).Any(s =>
                Allows(s!["filter"]?["projects"], project) && Allows(s["filter"]?["stages"], stage) && Allows(s["filter"]?["services"], service)))
            .Select(i => (JsonNode)i.Body.DeepClone())
            .ToArray();
        return TypedResults.Json(new JsonArray(list));
    }

    private static async Task<IResult> Delete(string id, IStore store) =>
        await store.DeleteIntegrationAsync(id) ? TypedResults.Json(new JsonObject()) : ApiError.NotFound($"integration '{id}' does not exist");

    private static Task<IResult> Ping(string id, IStore store, TimeProvider time) => ChangeAsync(store, id, time, body =>
    {
        ((JsonObject)(body["metadata"] ??= new JsonObject()))["lastseen"] = KeptnEventJson.FormatTime(time.GetUtcNow());
        return TypedResults.Json(body.DeepClone());
    });

    private static async Task<IResult> ListSubscriptions(string id, IStore store) =>
        await FindAsync(store, id) is { } i ? TypedResults.Json(i.Body["subscriptions"]?.DeepClone() ?? new JsonArray()) : ApiError.NotFound($"integration '{id}' does not exist");

    private static async Task<IResult> GetSubscription(string id, string subscriptionId, IStore store)
    {
        var subscription = (await FindAsync(store, id))?.Body["subscriptions"]?.AsArray().FirstOrDefault(s => s!["id"]?.GetValue<string>() == subscriptionId);
        return subscription is null ? ApiError.NotFound($"subscription '{subscriptionId}' of integration '{id}' does not exist") : TypedResults.Json(subscription.DeepClone());
    }

    private static async Task<IResult> AddSubscription(string id, HttpRequest request, IStore store, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        if (SubscriptionFrom(body, out var subscription) is { } subError)
        {
            return ApiError.BadRequest(subError);
        }
        return await ChangeAsync(store, id, time, integration =>
        {
            ((JsonArray)(integration["subscriptions"] ??= new JsonArray())).Add(subscription);
            return TypedResults.Created((string?)null, new JsonObject { ["id"] = subscription["id"]!.DeepClone() });
        });
    }

    private static async Task<IResult> UpdateSubscription(string id, string subscriptionId, HttpRequest request, IStore store, TimeProvider time)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request);
        if (error is not null)
        {
            return error;
        }
        if (SubscriptionFrom(body, out var subscription) is { } subError)
        {
            return ApiError.BadRequest(subError);
        }
        subscription["id"] = subscriptionId;
        return await ChangeAsync(store, id, time, integration =>
        {
            var list = (JsonArray)(integration["subscriptions"] ??= new JsonArray());
            var at = list.Select((s, n) => (s, n)).FirstOrDefault(p => p.s!["id"]?.GetValue<string>() == subscriptionId);
            if (at.s is null)
            {
                return ApiError.NotFound($"subscription '{subscriptionId}' of integration '{id}' does not exist");
            }
            list[at.n] = subscription;
            return TypedResults.Created((string?)null, new JsonObject { ["id"] = subscriptionId });
        });
    }

    private static Task<IResult> DeleteSubscription(string id, string subscriptionId, IStore store, TimeProvider time) => ChangeAsync(store, id, time, integration =>
    {
        var list = (JsonArray)(integration["subscriptions"] ??= new JsonArray());
        var found = list.FirstOrDefault(s => s!["id"]?.GetValue<string>() == subscriptionId);
        if (found is null)
        {
            return ApiError.NotFound($"subscription '{subscriptionId}' of integration '{id}' does not exist");
        }
        list.Remove(found);
        return TypedResults.Json(new JsonObject());
    });

    private static async Task<IntegrationRecord?> FindAsync(IStore store, string id) => (await store.ListIntegrationsAsync()).FirstOrDefault(i => i.Id == id);

    private static async Task<IResult> ChangeAsync(IStore store, string id, TimeProvider time, Func<JsonObject, IResult> change)
    {
        if (await FindAsync(store, id) is not { } integration)
        {
            return ApiError.NotFound($"integration '{id}' does not exist");
        }
        var body = (JsonObject)integration.Body.DeepClone();
        var result = change(body);
        await store.SaveIntegrationAsync(integration with { Body = body, LastSeen = time.GetUtcNow() });
        return result;
    }

    private static string? SubscriptionFrom(JsonNode? node, out JsonObject subscription)
    {
        subscription = [];
        if (node is not JsonObject given || string.IsNullOrEmpty(given.GetStringOrNull("event")))
        {
            return "a subscription needs an event type in 'event'";
        }
        var filter = new JsonObject();
        foreach (var key in new[] { "projects", "stages", "services" })
        {
            var list = given["filter"]?[key];
            if (list is not null and not JsonArray)
            {
                return $"filter.{key} must be a list of names";
            }
            filter[key] = list?.DeepClone() ?? new JsonArray();
        }
        subscription = new JsonObject
        {
            ["id"] = given.GetStringOrNull("id") ?? Guid.NewGuid().ToString(),
            ["event"] = given.GetStringOrNull("event"),
            ["filter"] = filter,
        };
        return null;
    }

    private static bool Allows(JsonNode? list, string? value) =>
        value is null || list is not JsonArray { Count: > 0 } names || names.Any(n => n?.GetValue<string>() == value);
}
