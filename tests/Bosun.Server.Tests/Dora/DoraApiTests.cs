using System.Text.Json.Nodes;
using Bosun.Server.Dora;
using Bosun.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bosun.Server.Tests.Dora;

/// <summary>
/// <c>GET /api/bosun/v1/dora</c> (DESIGN §7) on a history scripted through the API on a clock the test moves, the
/// answers worked out by hand in the comments.
/// </summary>
public sealed class DoraApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private RunningServer _server = null!;

    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: dora }
        spec:
          stages:
            - name: staging
              sequences:
                - name: delivery
                  tasks: [{ name: deliver }]
            - name: production
              sequences:
                - name: delivery
                  tasks: [{ name: deliver }, { name: test }]
                - name: remediation
                  tasks: [{ name: fix }]
        """;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(time: _time,
            configure: services => services.AddSingleton(new DoraGaugeOptions { Interval = TimeSpan.FromSeconds(1) }));
        await _server.CreateProjectAsync("shop", Shipyard, "web", "api");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_server.DataDirectory, recursive: true);
    }

    private void At(double hours) => _time.SetUtcNow(T0.AddHours(hours));

    private async Task<string> TriggerAsync(string stage, string sequence, string? version, DateTimeOffset? commitTime = null, string service = "web")
    {
        var labels = new JsonObject();
        if (version is not null)
        {
            labels["version"] = version;
        }
        if (commitTime is { } commit)
        {
            labels["commitTime"] = commit.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }
        var body = await RunningServer.ReadAsync(await _server.PostEventAsync(new JsonObject
        {
            ["type"] = $"sh.keptn.event.{stage}.{sequence}.triggered",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = "shop", ["stage"] = stage, ["service"] = service, ["labels"] = labels },
        }.ToJsonString()));
        return body["keptnContext"]!.GetValue<string>();
    }

    /// <summary>Answers the context's open <paramref name="task"/> at <paramref name="hours"/>.</summary>
    private async Task AnswerAsync(string context, string task, double hours, string result = "pass")
    {
        var open = await Eventually.Found(async () => (await _server.OpenAsync(task, "shop")).FirstOrDefault(t => t!["shkeptncontext"]!.GetValue<string>() == context), TimeSpan.FromSeconds(10), $"{task} of {context} is open");
        At(hours);
        await _server.AnswerAsync(open, result);
    }

    private async Task<JsonObject> DoraAsync(string query) =>
        await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/dora?" + query));

    [Fact]
    public async Task TheFourFigures_OfProduction_FromItsRuns()
    {
        // 1.0 first enters staging at 0 h (the first stage: where a version's lead time starts without a commitTime label).
        At(0);
        var staging = await TriggerAsync("staging", "delivery", "1.2");
        await AnswerAsync(staging, "deliver", 0.1);
        // D1 at 1.1 h, committed at 0.5 h: lead 2160 s.
        At(1);
        var d1 = await TriggerAsync("production", "delivery", "1.0", T0.AddHours(0.5));
        await AnswerAsync(d1, "deliver", 1.1);
        await AnswerAsync(d1, "test", 1.2);
        // D2 at 2.1 h, committed at 1.5 h: lead 2160 s; its test fails at 2.2 h.
        At(2);
        var d2 = await TriggerAsync("production", "delivery", "1.1", T0.AddHours(1.5));
        await AnswerAsync(d2, "deliver", 2.1);
        await AnswerAsync(d2, "test", 2.2, "fail");
        await _server.WaitForAsync("sh.keptn.event.production.delivery.finished", d2);
        // A remediation from 3 h ends pass at 3.1 h: D2 recovered 0.9 h after its failure (3240 s).
        At(3);
        var fix = await TriggerAsync("production", "remediation", null);
        await AnswerAsync(fix, "fix", 3.1);
        await _server.WaitForAsync("sh.keptn.event.production.remediation.finished", fix);
        // D3 of 1.2 at 5.1 h, no commitTime: it entered staging at 0 h, lead 18360 s.
        At(5);
        var d3 = await TriggerAsync("production", "delivery", "1.2");
        await AnswerAsync(d3, "deliver", 5.1);
        await AnswerAsync(d3, "test", 5.2);
        await _server.WaitForAsync("sh.keptn.event.production.delivery.finished", d3);
        At(24);

        var dora = await DoraAsync("project=shop&from=2026-11-02T07:00:00Z&to=2026-11-03T07:00:00Z");
        Assert.Equal(("shop", "production"), (dora["project"]!.GetValue<string>(), dora["stage"]!.GetValue<string>()));
        Assert.Null(dora["service"]);
        Assert.Equal("2026-11-02T07:00:00.000Z", dora["from"]!.GetValue<string>());
        Assert.Equal("""{"deployments":3,"perDay":3}""", dora["deploymentFrequency"]!.ToJsonString());
        Assert.Equal("""{"medianSeconds":2160,"samples":3,"source":"mixed"}""", dora["leadTimeForChanges"]!.ToJsonString());
        Assert.Equal(1, dora["changeFailureRate"]!["failed"]!.GetValue<int>());
        Assert.Equal(1.0 / 3, dora["changeFailureRate"]!["rate"]!.GetValue<double>(), 6);
        Assert.Equal("""{"medianSeconds":3240,"samples":1}""", dora["failedDeploymentRecoveryTime"]!.ToJsonString());

        // Staging: one deployment, lead 0 s from its own first entry (dropped), and the default range ends now.
        var first = await DoraAsync("project=shop&stage=staging&service=web");
        Assert.Equal("""{"deployments":1,"perDay":0.03333333333333333}""", first["deploymentFrequency"]!.ToJsonString());
        Assert.Equal("web", first["service"]!.GetValue<string>());
        Assert.Equal("2026-11-03T08:00:00.000Z", first["to"]!.GetValue<string>());

        // The same figures as gauges on /metrics, over the last 30 days, per project and stage (the clock moves a
        // second a look, so the gauges' next round comes).
        var metrics = await Eventually.Until(async () =>
            {
                _time.Advance(TimeSpan.FromSeconds(1));
                return PrometheusText.Parse(await _server.Anonymous.GetStringAsync("/metrics"));
            },
            samples => samples.Any(s => s.Name == "bosun_dora_deployments" && s.Labels["stage"] == "production"), TimeSpan.FromSeconds(20), "the DORA gauges");
        double Gauge(string name, string stage = "production") => Assert.Single(metrics, s => s.Name == name && s.Labels["project"] == "shop" && s.Labels["stage"] == stage).Value;
        Assert.Equal(3, Gauge("bosun_dora_deployments"));
        Assert.Equal(0.1, Gauge("bosun_dora_deployments_per_day"), 9);
        Assert.Equal(2160, Gauge("bosun_dora_lead_time_seconds"));
        Assert.Equal(1.0 / 3, Gauge("bosun_dora_change_failure_rate"), 9);
        Assert.Equal(3240, Gauge("bosun_dora_recovery_time_seconds"));
        Assert.Equal(1, Gauge("bosun_dora_deployments", "staging"));
        Assert.DoesNotContain(metrics, s => s.Name == "bosun_dora_recovery_time_seconds" && s.Labels["stage"] == "staging");
    }

    [Fact]
    public async Task AStagesFigures_CountEachServicesRuns_ADeletedServicesToo()
    {
        // A stage is read one service at a time (the services its runs name, not its service records).
        At(0);
        var web = await TriggerAsync("staging", "delivery", "1.0");
        await AnswerAsync(web, "deliver", 0.1);
        var api = await TriggerAsync("staging", "delivery", "2.0", service: "api");
        await AnswerAsync(api, "deliver", 0.2);
        await _server.WaitForAsync("sh.keptn.event.staging.delivery.finished", api);
        Assert.True((await _server.Client.DeleteAsync("/api/controlPlane/v1/project/shop/service/api")).IsSuccessStatusCode);
        At(1);

        var stage = await DoraAsync("project=shop&stage=staging&from=2026-11-02T07:00:00Z&to=2026-11-02T09:00:00Z");
        Assert.Equal(2, stage["deploymentFrequency"]!["deployments"]!.GetValue<int>());
        var one = await DoraAsync("project=shop&stage=staging&service=web&from=2026-11-02T07:00:00Z&to=2026-11-02T09:00:00Z");
        Assert.Equal(1, one["deploymentFrequency"]!["deployments"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("stage=production", 400, "project: the query parameter project is required")]
    [InlineData("project=nope", 404, "project: project 'nope' does not exist")]
    [InlineData("project=shop&stage=qa", 400, "stage: 'qa' is not a stage of project shop (staging, production)")]
    [InlineData("project=shop&from=yesterday", 400, "from: 'yesterday' is not an RFC 3339 time")]
    [InlineData("project=shop&to=2026-13-01T00:00:00Z", 400, "to: '2026-13-01T00:00:00Z' is not an RFC 3339 time")]
    [InlineData("project=shop&from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z", 400, "from: the range's start is after its end")]
    public async Task BadInput_Is4xxNamingTheParameter(string query, int status, string message) =>
        Assert.Contains(message, await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/bosun/v1/dora?" + query), status));
}
