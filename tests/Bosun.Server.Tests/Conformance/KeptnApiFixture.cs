using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Conformance;

/// <summary>
/// One server holding something of every kind the Keptn API lists: a project with two stages and a running sequence,
/// a log entry, a uniform integration with a subscription, a secret, resources at each level, and entities that only
/// the deleting rows use. <see cref="Expand"/> fills a row's placeholders with their ids.
/// </summary>
public sealed class KeptnApiFixture : IAsyncLifetime
{
    public const string Project = "conf";
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public RunningServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync();
        await Server.CreateProjectAsync(Project, Shipyards.TwoStages, "web", "gone");
        await Server.CreateProjectAsync("doomed", Shipyards.Minimal);
        await Server.PutResourceAsync(Project, "dev", "web", "helm/values.yaml", "image: web:1.0\n");
        await Server.PutResourceAsync(Project, "dev", null, "stage-notes.md", "dev\n");
        _ids["ctx"] = await Server.TriggerAsync(Project, "dev", "delivery", "web", version: "1.0");
        var open = await Eventually.Until(() => Server.OpenAsync("deployment", Project), o => o.Count == 1, TimeSpan.FromSeconds(10), "the deployment task opens");
        _ids["triggered"] = open[0]!["id"]!.GetValue<string>();
        await Ok(Server.Client.PostAsJsonAsync("/api/controlPlane/v1/log", new
        {
            logs = new[]
            {
                new { integrationid = "int-1", message = "hello", shkeptncontext = _ids["ctx"], task = "deployment", triggeredid = _ids["triggered"] },
                new { integrationid = "int-9", message = "to be deleted", shkeptncontext = _ids["ctx"], task = "deployment", triggeredid = _ids["triggered"] },
            },
        }));
        _ids["integration"] = (await Register("job-executor-service"))["id"]!.GetValue<string>();
        _ids["integration2"] = (await Register("to-delete"))["id"]!.GetValue<string>();
        await Register("re-registered");
        var integrations = JsonNode.Parse(await Server.Client.GetStringAsync($"/api/controlPlane/v1/uniform/registration?id={_ids["integration"]}"))!;
        _ids["subscription"] = integrations[0]!["subscriptions"]![0]!["id"]!.GetValue<string>();
        await Ok(Server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "argo", scope = "keptn-webhook-service", data = new { token = "t" } }));
        await Ok(Server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new { name = "doomed-secret", data = new { token = "t" } }));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Server.DataDirectory, recursive: true);
    }

    /// <summary>A path or body with <c>{ctx}</c>, <c>{triggered}</c>, <c>{integration}</c>, <c>{integration2}</c>, <c>{subscription}</c> filled in.</summary>
    public string Expand(string text) => _ids.Aggregate(text, (t, id) => t.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));

    private async Task<JsonObject> Register(string name) =>
        await RunningServer.ReadAsync(await Server.Client.PostAsJsonAsync("/api/controlPlane/v1/uniform/registration", new
        {
            name,
            metadata = new { hostname = "node-1", integrationversion = "1.0", distributorversion = "1.0", kubernetesmetadata = new { @namespace = "keptn" } },
            subscriptions = new[] { new { @event = "sh.keptn.event.test.triggered", filter = new { projects = new[] { Project }, stages = Array.Empty<string>(), services = Array.Empty<string>() } } },
        }));

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Base64 of a text, as resource bodies carry it.</summary>
    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
