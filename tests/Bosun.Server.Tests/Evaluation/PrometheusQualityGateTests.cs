using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bosun.Server.Hosting;
using Bosun.TestKit;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>
/// Quality gates against a real Prometheus (issue 5 item 6): the built-in provider reads prometheus/sli.yaml (project,
/// stage and service level), fills the placeholders, queries at the end of the window and reports each failure on its
/// indicator.
/// </summary>
public sealed class PrometheusQualityGateTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>
{
    private const string Sli = """
        spec_version: '1.0'
        indicators:
          response_time_p95: max(http_response_time_p95_ms{job="$labels.job", service="$SERVICE", stage="$STAGE"})
          throughput: sum(http_throughput{service="$SERVICE"})
          error_rate: sum(http_error_rate{service="$handler_service"})
        """;

    private static string SloWith(string responseTime, string throughput, string total = "pass: \"90%\"\n  warning: \"50%\"", string comparison = "") => $"""
        spec_version: "1.0"
        filter:
          handler_service: my-service
        {comparison}
        objectives:
          - sli: response_time_p95
            displayName: Response time P95
        {responseTime}
          - sli: throughput
        {throughput}
          - sli: error_rate
            pass:
              - criteria: ["<=0.05"]
        total_score:
          {total}
        """;

    private async Task<RunningServer> StartAsync(Func<BosunOptions, BosunOptions>? options = null, bool withUrl = true)
    {
        var server = await RunningServer.StartAsync(options: o =>
        {
            var set = withUrl ? o with { PrometheusUrl = fixture.Prometheus.Address.ToString() } : o;
            return options?.Invoke(set) ?? set;
        });
        await CreateAsync(server, provider: "prometheus");
        await PutResourceAsync(server, "prometheus/sli.yaml", Sli, stage: null, service: null);
        return server;
    }

    private static async Task<(JsonObject Finished, JsonObject GetSli)> EvaluateAsync(RunningServer server)
    {
        var context = await QualityGate.EvaluateAsync(server, new { timeframe = "5m", labels = new { job = PrometheusServer.Job } });
        var finished = await FinishedAsync(server, context);
        var getSli = await server.WaitForAsync("sh.keptn.event.get-sli.finished", context);
        return (finished, getSli);
    }

    private static double Value(JsonObject getSli, string metric) =>
        getSli["data"]!["get-sli"]!["indicatorValues"]!.AsArray().Single(v => v!["metric"]!.GetValue<string>() == metric)!["value"]!.GetValue<double>();

    private static string Indicator(JsonObject getSli, string metric)
    {
        var value = getSli["data"]!["get-sli"]!["indicatorValues"]!.AsArray().Single(v => v!["metric"]!.GetValue<string>() == metric)!;
        Assert.False(value["success"]!.GetValue<bool>());
        return value["message"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]", "pass", "100", "")]
    [InlineData("    pass: [{criteria: [\"<100\"]}]\n    warning: [{criteria: [\"<=250\"]}]", "    pass: [{criteria: [\">=100\"]}]", "warning", "83.33333333333333",
        "Evaluation returned a warning: the calculated score of 83.33333333333333 is close to the warning target value of 50")]
    [InlineData("    pass: [{criteria: [\"<100\"]}]", "    pass: [{criteria: [\">=1000\"]}]", "fail", "33.333333333333336",
        "Evaluation failed since the calculated score of 33.333333333333336 is below the warning value of 50")]
    public async Task PassingWarningAndFailingGates_FromRealPrometheusValues(string responseTime, string throughput, string result, string score, string message)
    {
        await fixture.SetAsync(200, 150, 0.01);
        await using var server = await StartAsync();
        await PutResourceAsync(server, "slo.yaml", SloWith(responseTime, throughput));
        var (finished, getSli) = await EvaluateAsync(server);

        Assert.Equal("prometheus-service", getSli["source"]!.GetValue<string>());
        Assert.Equal(200, Value(getSli, "response_time_p95"));
        Assert.Equal(150, Value(getSli, "throughput"));
        Assert.Equal(0.01, Value(getSli, "error_rate"));
        Assert.Equal(result, finished["data"]!["result"]!.GetValue<string>());
        Assert.Equal(score, finished["data"]!["evaluation"]!["score"]!.GetValue<double>().ToString(CultureInfo.InvariantCulture));
        Assert.Equal(message, finished["data"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StageAndServiceFiles_OverrideTheProjectsQueries()
    {
        await fixture.SetAsync(200, 150, 0.01);
        await using var server = await StartAsync();
        await PutResourceAsync(server, "prometheus/sli.yaml", "indicators:\n  throughput: sum(http_throughput{service=\"$SERVICE\"}) * 2\n", stage: Stage, service: null);
        await PutResourceAsync(server, "prometheus/sli.yaml", "indicators:\n  error_rate: sum(http_error_rate{service=\"$SERVICE\"}) + 1\n");
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (_, getSli) = await EvaluateAsync(server);
        Assert.Equal(200, Value(getSli, "response_time_p95"));
        Assert.Equal(300, Value(getSli, "throughput"));
        Assert.Equal(1.01, Value(getSli, "error_rate"));
    }

    [Fact]
    public async Task ComparisonWithThePreviousEvaluation_UsesItsValue()
    {
        await fixture.SetAsync(200, 150, 0.01);
        await using var server = await StartAsync();
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<=+10%\"]}]", "    pass: [{criteria: [\">=-50%\"]}]",
            total: "pass: \"90%\"", comparison: "comparison:\n  compare_with: single_result\n  include_result_with_score: pass\n  aggregate_function: avg\n"));
        var (first, _) = await EvaluateAsync(server);
        Assert.Equal("pass", first["data"]!["result"]!.GetValue<string>());

        await fixture.SetAsync(260, 150, 0.01);
        var (second, _) = await EvaluateAsync(server);
        Assert.Equal("fail", second["data"]!["result"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), second["data"]!["evaluation"]!["comparedEvents"]![0]!.GetValue<string>());
        var rt = second["data"]!["evaluation"]!["indicatorResults"]![0]!;
        Assert.Equal(200, rt["value"]!["comparedValue"]!.GetValue<double>());
        Assert.Equal(220.00000000000003, rt["passTargets"]![0]!["targetValue"]!.GetValue<double>(), 6);
        Assert.True(rt["passTargets"]![0]!["violated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EachBrokenQuery_FailsOnlyItsIndicator_WithAClearMessage()
    {
        await fixture.SetAsync(200, 150, 0.01);
        await using var server = await StartAsync();
        await PutResourceAsync(server, "prometheus/sli.yaml", """
            indicators:
              several: multi
              empty: absent_metric_that_no_one_exports
              nan: 0/0
              broken: sum((
            """, stage: Stage, service: Service);
        await PutResourceAsync(server, "slo.yaml", """
            objectives:
              - sli: throughput
                pass: [{criteria: [">=100"]}]
              - sli: unknown_sli
                pass: [{criteria: ["<1"]}]
              - sli: several
                pass: [{criteria: ["<1"]}]
              - sli: empty
                pass: [{criteria: ["<1"]}]
              - sli: nan
                pass: [{criteria: ["<1"]}]
              - sli: broken
                pass: [{criteria: ["<1"]}]
            total_score: {pass: "90%"}
            """);
        var (finished, getSli) = await EvaluateAsync(server);
        Assert.Equal("warning", getSli["data"]!["result"]!.GetValue<string>());
        Assert.Equal(150, Value(getSli, "throughput"));
        Assert.Contains("indicator 'unknown_sli' has no query: it is not in prometheus/sli.yaml", Indicator(getSli, "unknown_sli"));
        Assert.Contains("the query returned 2 series", Indicator(getSli, "several"));
        Assert.Contains("the query returned no data", Indicator(getSli, "empty"));
        Assert.Contains("the query returned NaN, not a finite number", Indicator(getSli, "nan"));
        Assert.Contains("Prometheus refused the query (bad_data)", Indicator(getSli, "broken"));
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        var statuses = finished["data"]!["evaluation"]!["indicatorResults"]!.AsArray().Select(r => r!["status"]!.GetValue<string>());
        Assert.Equal(["pass", "fail", "fail", "fail", "fail", "fail"], statuses);
    }

    [Fact]
    public async Task UnreachablePrometheus_FailsTheEvaluation_NamingTheIndicatorAndTheAddress()
    {
        var port = PrometheusServer.FreePort();
        await using var server = await StartAsync(o => o with { PrometheusUrl = $"http://127.0.0.1:{port}" });
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (finished, _) = await EvaluateAsync(server);
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        Assert.StartsWith($"lighthouse failed because SLI failed with message unable to retrieve metrics: indicator 'response_time_p95': Prometheus at http://127.0.0.1:{port} is unreachable",
            finished["data"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task PrometheusThatNeverAnswers_TimesOutPerIndicator()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var server = await StartAsync(o => o with { PrometheusUrl = $"http://127.0.0.1:{port}", PrometheusTimeout = TimeSpan.FromSeconds(1) });
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (finished, getSli) = await EvaluateAsync(server);
        Assert.Contains($"Prometheus at http://127.0.0.1:{port} did not answer within 1s", Indicator(getSli, "throughput"));
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task BrokenSliFile_IsAnErroredAnswer_NamingTheFileAndLevel()
    {
        await using var server = await StartAsync();
        StoreUnchecked(server, "prometheus/sli.yaml", "indicators: [unclosed");
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (finished, _) = await EvaluateAsync(server);
        Assert.Equal("errored", finished["data"]!["status"]!.GetValue<string>());
        Assert.StartsWith($"evaluation performed by lighthouse received an unexpected error: prometheus/sli.yaml (service {Service} in stage {Stage}) is not valid YAML",
            finished["data"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("keptn-prometheus-service")] // Keptn's prometheus-service convention
    [InlineData("keptn-default")] // the only scope before Bosun had Keptn's others
    public async Task ProjectSecret_NamesThePrometheus_WhenTheServerHasNone(string scope)
    {
        await fixture.SetAsync(200, 150, 0.01);
        await using var server = await StartAsync(withUrl: false);
        var secret = await server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new
        {
            name = $"prometheus-credentials-{Project}",
            scope,
            data = new Dictionary<string, string> { ["PROMETHEUS_URL"] = fixture.Prometheus.Address.ToString(), ["PROMETHEUS_TOKEN"] = "t0ken" },
        });
        Assert.Equal(HttpStatusCode.Created, secret.StatusCode);
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (finished, getSli) = await EvaluateAsync(server);
        Assert.Equal(200, Value(getSli, "response_time_p95"));
        Assert.Equal("pass", finished["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProjectSecret_InTheWebhookScope_IsNotRead_AndTheEvaluationSaysWhere()
    {
        await using var server = await StartAsync();
        await server.Client.PostAsJsonAsync("/api/secrets/v1/secret", new
        {
            name = $"prometheus-credentials-{Project}",
            scope = "keptn-webhook-service",
            data = new Dictionary<string, string> { ["PROMETHEUS_URL"] = "http://prometheus.example:9090" },
        });
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var (finished, _) = await EvaluateAsync(server);
        Assert.Equal("fail", finished["data"]!["result"]!.GetValue<string>());
        Assert.Contains($"the secret 'prometheus-credentials-{Project}' is in scope keptn-webhook-service, which the Prometheus SLI provider may not read; create it in scope keptn-prometheus-service",
            finished["data"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoPrometheusAnywhere_LeavesGetSliToAnOutsideProvider()
    {
        await using var server = await StartAsync(o => o with { SliProviderWait = TimeSpan.FromSeconds(1) }, withUrl: false);
        await PutResourceAsync(server, "slo.yaml", SloWith("    pass: [{criteria: [\"<300\"]}]", "    pass: [{criteria: [\">=100\"]}]"));
        var finished = await FinishedAsync(server, await QualityGate.EvaluateAsync(server));
        Assert.Equal("no SLI provider answered get-sli.triggered for provider 'prometheus' within 1s", finished["data"]!["message"]!.GetValue<string>());
    }
}
