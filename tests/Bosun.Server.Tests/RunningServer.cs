using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Server.Hosting;
using Bosun.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Bosun.Server.Tests;

/// <summary>A real Bosun server on a free loopback port over a temporary SQLite file.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    public const string Token = "test-token";
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("x-token", Token);
        Anonymous = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }
    public HttpClient Client { get; }
    public HttpClient Anonymous { get; }

    /// <summary>The server's services, for a test that must reach inside (e.g. to hold the writer).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(string? dataDirectory = null, TimeProvider? time = null, int maxEventSizeKb = 64,
        Action<IServiceCollection>? configure = null, Func<BosunOptions, BosunOptions>? options = null)
    {
        var dir = dataDirectory ?? Path.Combine(Path.GetTempPath(), "bosun-test-" + Guid.NewGuid().ToString("N"));
        var settings = new BosunOptions { Listen = "127.0.0.1:0", DataDirectory = dir, ApiToken = Token, MaxEventSizeKb = maxEventSizeKb };
        var app = BosunServer.Build(options?.Invoke(settings) ?? settings, time, TextWriter.Null, configure);
        return new RunningServer(app, dir, await LoopbackHost.StartAsync(app));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async Task CreateProjectAsync(string name, string shipyard, params string[] services)
    {
        var response = await Client.PostAsJsonAsync("/api/controlPlane/v1/project", new { name, shipyard = Convert.ToBase64String(Encoding.UTF8.GetBytes(shipyard)) });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        foreach (var service in services)
        {
            var created = await Client.PostAsJsonAsync($"/api/controlPlane/v1/project/{name}/service", new { serviceName = service });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
    }

    /// <summary>Uploads a file with the resource API at project (no stage), stage (no service) or service level; it must be accepted.</summary>
    public async Task PutResourceAsync(string project, string? stage, string? service, string uri, string content)
    {
        var level = "/api/resource-service/v1/project/" + project + (stage is null ? string.Empty : "/stage/" + stage) + (service is null ? string.Empty : "/service/" + service);
        var response = await Client.PostAsJsonAsync(level + "/resource",
            new { resources = new[] { new { resourceURI = uri, resourceContent = Convert.ToBase64String(Encoding.UTF8.GetBytes(content)) } } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a raw body to <c>/api/v1/event</c>.</summary>
    public Task<HttpResponseMessage> PostEventAsync(string json) =>
        Client.PostAsync("/api/v1/event", new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<string> TriggerAsync(string project, string stage, string sequence, string service, string? version = null)
    {
        var data = new JsonObject { ["project"] = project, ["stage"] = stage, ["service"] = service };
        if (version is not null)
        {
            data["labels"] = new JsonObject { ["version"] = version };
        }
        var evt = new JsonObject { ["type"] = $"sh.keptn.event.{stage}.{sequence}.triggered", ["source"] = "test", ["specversion"] = "1.0", ["data"] = data };
        var response = await PostEventAsync(evt.ToJsonString());
        var body = await ReadAsync(response);
        return body["keptnContext"]!.GetValue<string>();
    }

    /// <summary>Open task events of a type, as an executor polls them.</summary>
    public async Task<JsonArray> OpenAsync(string task, string project)
    {
        var body = await ReadAsync(await Client.GetAsync($"/api/controlPlane/v1/event/triggered/sh.keptn.event.{task}.triggered?project={project}"));
        return (JsonArray)body["events"]!;
    }

    /// <summary>Answers an open task as one executor: started, then finished (with <paramref name="finishedData"/> added).</summary>
    public async Task AnswerAsync(JsonNode triggered, string result = "pass", JsonObject? finishedData = null)
    {
        var type = triggered["type"]!.GetValue<string>().Replace(".triggered", string.Empty, StringComparison.Ordinal);
        JsonObject Scope() => new()
        {
            ["project"] = triggered["data"]!["project"]!.DeepClone(),
            ["stage"] = triggered["data"]!["stage"]!.DeepClone(),
            ["service"] = triggered["data"]!["service"]!.DeepClone(),
        };
        var id = triggered["id"]!.GetValue<string>();
        await ReadAsync(await PostEventAsync(new JsonObject { ["type"] = type + ".started", ["source"] = "executor", ["triggeredid"] = id, ["data"] = Scope() }.ToJsonString()));
        var finished = Scope();
        finished["result"] = result;
        finished["status"] = "succeeded";
        foreach (var (key, value) in finishedData ?? [])
        {
            finished[key] = value?.DeepClone();
        }
        await ReadAsync(await PostEventAsync(new JsonObject { ["type"] = type + ".finished", ["source"] = "executor", ["triggeredid"] = id, ["data"] = finished }.ToJsonString()));
    }

    /// <summary>Stored events of a type (newest first), optionally in one context.</summary>
    public async Task<List<JsonObject>> EventsAsync(string type, string? context = null)
    {
        var query = $"/api/mongodb-datastore/event?type={type}&pageSize=100" + (context is null ? string.Empty : $"&keptnContext={context}");
        var page = await ReadAsync(await Client.GetAsync(query));
        return page["events"]!.AsArray().OfType<JsonObject>().ToList();
    }

    /// <summary>Waits (polling the API, with a deadline) until <paramref name="count"/> events of a type are stored.</summary>
    public Task<List<JsonObject>> WaitForEventsAsync(string type, string? context = null, int count = 1, Func<Task<string>>? explain = null) =>
        Eventually.Until(() => EventsAsync(type, context), found => found.Count >= count, TimeSpan.FromSeconds(20), $"{count} {type} in context {context}", explain: explain);

    /// <summary>Waits for the first (oldest) event of a type.</summary>
    public async Task<JsonObject> WaitForAsync(string type, string? context = null, Func<Task<string>>? explain = null) =>
        (await WaitForEventsAsync(type, context, 1, explain))[^1];

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Asserts a Keptn error answer and returns its message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(code == (int)response.StatusCode, $"expected {code}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.Equal(code, body["code"]!.GetValue<int>());
        return body["message"]!.GetValue<string>();
    }
}
