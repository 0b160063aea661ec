using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Remediation;

/// <summary>
/// Problems in from Alertmanager (issue 6 item 5): a real <c>prometheus-alertmanager</c> routes alerts to
/// <c>POST /api/v1/alertmanager</c>; a firing alert starts one remediation sequence however often it is notified,
/// and its resolution is recorded in that context.
/// </summary>
public sealed class AlertmanagerTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: heal}
        spec:
          stages:
            - name: dev
            - name: production
              sequences:
                - name: remediation
                  tasks:
                    - name: get-action
                    - name: action
        """;

    private static readonly Dictionary<string, string> Labels = new()
    {
        ["alertname"] = "HighLatency",
        ["project"] = "podtato",
        ["stage"] = "production",
        ["service"] = "helloservice",
        ["pod_name"] = "helloservice-7d9f-abc",
    };

    private static readonly Dictionary<string, string> Annotations = new()
    {
        ["summary"] = "Response time degradation",
        ["description"] = "p95 above 500 ms for 2 minutes",
    };

    private RunningServer _bosun = null!;

    public async Task InitializeAsync()
    {
        _bosun = await RunningServer.StartAsync();
        await _bosun.CreateProjectAsync("podtato", Shipyard, "helloservice");
    }

    public async Task DisposeAsync() => await _bosun.DisposeAsync();

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private Uri Receiver(string query = "") => new(_bosun.Client.BaseAddress!, "/api/v1/alertmanager" + query);

    private async Task<List<JsonObject>> RemediationsAsync() => await _bosun.EventsAsync("sh.keptn.event.production.remediation.triggered");

    [Fact]
    public async Task RealAlertmanager_TokenInUrl_FiringStartsOneRemediation_ResolvedIsRecordedOnIt()
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync(Receiver("?token=" + RunningServer.Token).ToString());
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-30);
        await alertmanager.PostAlertAsync(Labels, Annotations, startsAt);

        var triggered = await _bosun.WaitForAsync("sh.keptn.event.production.remediation.triggered");
        Assert.Equal("alertmanager", Text(triggered["source"]));
        var problem = triggered["data"]!["problem"]!;
        Assert.Equal(("OPEN", "Response time degradation", "HighLatency"), (Text(problem["state"]), Text(problem["problemTitle"]), Text(problem["rootCause"])));
        Assert.Equal(("helloservice-7d9f-abc", "http://prometheus.example/graph?g0.expr=up"), (Text(problem["impactedEntity"]), Text(problem["problemURL"])));
        var context = Text(triggered["shkeptncontext"]);
        // The sequence runs: get-action is asked for this problem.
        var getAction = await _bosun.WaitForAsync("sh.keptn.event.get-action.triggered", context);
        Assert.Equal("Response time degradation", Text(getAction["data"]!["problem"]!["problemTitle"]));

        // Prometheus keeps sending the alert while it fires, and Alertmanager repeats its notification: still one remediation.
        await alertmanager.PostAlertAsync(Labels, Annotations, startsAt);
        await alertmanager.WaitForNotificationsAsync(3);
        Assert.Single(await RemediationsAsync());

        await alertmanager.PostAlertAsync(Labels, Annotations, startsAt, endsAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        var resolved = await _bosun.WaitForAsync("sh.keptn.events.problem", context);
        Assert.Equal(("RESOLVED", "Response time degradation"), (Text(resolved["data"]!["state"]), Text(resolved["data"]!["problemTitle"])));
        Assert.Equal(Text(problem["problemID"]), Text(resolved["data"]!["problemID"]));
        Assert.Single(await RemediationsAsync());
        Assert.Equal(0, await alertmanager.FailedNotificationsAsync());
    }

    [Fact]
    public async Task RealAlertmanager_BearerToken_IsAccepted_AWrongOneIsRefused()
    {
        await using (var wrong = await AlertmanagerServer.StartAsync(Receiver().ToString(), bearerToken: "not-the-token"))
        {
            await wrong.PostAlertAsync(Labels, Annotations);
            await Eventually.Until(async () => await wrong.FailedNotificationsAsync() > 0, TimeSpan.FromSeconds(20), "Alertmanager reporting a failed notification");
            Assert.Empty(await RemediationsAsync());
        }
        await using var right = await AlertmanagerServer.StartAsync(Receiver().ToString(), bearerToken: RunningServer.Token);
        await right.PostAlertAsync(Labels, Annotations);
        Assert.Equal("Response time degradation", Text((await _bosun.WaitForAsync("sh.keptn.event.production.remediation.triggered"))["data"]!["problem"]!["problemTitle"]));
    }

    private static JsonObject Notification(string status, string fingerprint = "1a2b3c4d5e6f7a8b", string startsAt = "2026-11-26T10:00:00Z",
        Dictionary<string, string>? labels = null) => new()
        {
            ["version"] = "4",
            ["status"] = status,
            ["receiver"] = "bosun",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = JsonSerializerMap(labels ?? Labels),
                ["annotations"] = JsonSerializerMap(Annotations),
                ["startsAt"] = startsAt,
                ["endsAt"] = "0001-01-01T00:00:00Z",
                ["fingerprint"] = fingerprint,
            }),
        };

    private static JsonObject JsonSerializerMap(Dictionary<string, string> values) => new(values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value)));

    private async Task<JsonObject> PostAsync(JsonObject notification, int status = 200)
    {
        var response = await _bosun.Client.PostAsJsonAsync("/api/v1/alertmanager", notification);
        if (status != 200)
        {
            return JsonNode.Parse(await RunningServer.ErrorAsync(response, status)) as JsonObject ?? [];
        }
        return await RunningServer.ReadAsync(response);
    }

    [Fact]
    public async Task SameFiringTwice_StartsOnce_ANewFiringAfterResolutionStartsAgain()
    {
        var first = await PostAsync(Notification("firing"));
        var again = await PostAsync(Notification("firing"));
        Assert.Equal("remediation started", Text(first["alerts"]![0]!["outcome"]));
        Assert.Equal("remediation already started", Text(again["alerts"]![0]!["outcome"]));
        Assert.Equal(Text(first["alerts"]![0]!["keptnContext"]), Text(again["alerts"]![0]!["keptnContext"]));
        Assert.Equal("resolved recorded", Text((await PostAsync(Notification("resolved")))["alerts"]![0]!["outcome"]));

        var refired = await PostAsync(Notification("firing", startsAt: "2026-11-26T11:00:00Z"));
        Assert.Equal("remediation started", Text(refired["alerts"]![0]!["outcome"]));
        Assert.NotEqual(Text(first["alerts"]![0]!["keptnContext"]), Text(refired["alerts"]![0]!["keptnContext"]));
        Assert.Equal(2, (await RemediationsAsync()).Count);
    }

    [Fact]
    public async Task ResolvedWithoutAFiring_IsIgnored()
    {
        var answer = await PostAsync(Notification("resolved", fingerprint: "ffff000011112222"));
        Assert.Equal("ignored: no remediation was started for this firing", Text(answer["alerts"]![0]!["outcome"]));
        Assert.Empty(await _bosun.EventsAsync("sh.keptn.events.problem"));
    }

    public static TheoryData<string, int, string> BadNotifications => new()
    {
        { """{"alerts":[{"status":"firing","fingerprint":"ab","labels":{"alertname":"X","stage":"production"}}]}""", 400,
            "alerts[0].labels has no project, service: Bosun needs the labels project, stage and service to start a remediation" },
        { """{"status":"firing"}""", 400, "field 'alerts' must be an array of alerts (an Alertmanager webhook notification)" },
        { """{"alerts":[{"status":"pending","fingerprint":"ab","labels":{}}]}""", 400, "alerts[0].status must be 'firing' or 'resolved', not 'pending'" },
        { """{"alerts":[{"status":"firing","labels":{"project":"podtato","stage":"production","service":"helloservice"}}]}""", 400,
            "alerts[0].fingerprint is missing (Alertmanager sends one with every alert)" },
        { """{"alerts":["x"]}""", 400, "alerts[0] must be an object" },
        { "[1]", 400, "request body must be a JSON object" },
        { """{"alerts":[{"status":"firing","fingerprint":"ab","labels":{"project":"nope","stage":"production","service":"helloservice"}}]}""", 404,
            "alerts[0]: project 'nope' (label project) does not exist" },
        { """{"alerts":[{"status":"firing","fingerprint":"ab","labels":{"project":"podtato","stage":"qa","service":"helloservice"}}]}""", 404,
            "alerts[0]: stage 'qa' (label stage) is not defined in the shipyard of project podtato" },
        { """{"alerts":[{"status":"firing","fingerprint":"ab","labels":{"project":"podtato","stage":"production","service":"cart"}}]}""", 404,
            "alerts[0]: service 'cart' (label service) does not exist in stage production" },
        { """{"alerts":[{"status":"firing","fingerprint":"ab","labels":{"project":"podtato","stage":"dev","service":"helloservice"}}]}""", 404,
            "alerts[0]: stage dev of project podtato has no remediation sequence to start" },
    };

    [Theory]
    [MemberData(nameof(BadNotifications))]
    public async Task BadNotification_IsRefusedNamingTheField_AndNothingStarts(string body, int status, string message)
    {
        // A good alert first in the same notification: it must not start either.
        var node = JsonNode.Parse(body)!;
        if (node is JsonObject obj && obj["alerts"] is JsonArray alerts)
        {
            alerts.Insert(0, Notification("firing")["alerts"]![0]!.DeepClone());
            message = message.Replace("alerts[0]", "alerts[1]", StringComparison.Ordinal);
        }
        var response = await _bosun.Client.PostAsync("/api/v1/alertmanager", new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(message, await RunningServer.ErrorAsync(response, status));
        Assert.Empty(await _bosun.EventsAsync("sh.keptn.event.production.remediation.triggered"));
        Assert.Empty(await _bosun.EventsAsync("sh.keptn.event.dev.remediation.triggered"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("?token=wrong", null)]
    [InlineData(null, "Bearer wrong")]
    public async Task WrongOrMissingToken_Is401(string? query, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/alertmanager" + query)
        {
            Content = JsonContent.Create(Notification("firing")),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        var response = await _bosun.Anonymous.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await RemediationsAsync());
    }

    [Fact]
    public async Task BearerTokenOnlyOpensTheReceiver_NotTheRestOfTheApi()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/controlPlane/v1/project");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + RunningServer.Token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await _bosun.Anonymous.SendAsync(request)).StatusCode);
    }
}
