using Bosun.TestKit;

namespace Bosun.Server.Tests.Telemetry;

/// <summary>
/// DESIGN §7 metrics: a real Prometheus scrapes <c>/metrics</c> (OpenTelemetry's exporter) of a server that ran a scripted
/// set of sequences, and its queries give the counts the script caused, under Prometheus's names and bounded labels.
/// </summary>
public sealed class MetricsScrapeTests : IAsyncLifetime
{
    private const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: measured}
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: test
        """;

    private RunningServer _bosun = null!;
    private RunningServer _other = null!;
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        _bosun = await RunningServer.StartAsync();
        _other = await RunningServer.StartAsync();
        var address = _bosun.Client.BaseAddress!;
        _prometheus = await PrometheusServer.StartAsync($"{address.Host}:{address.Port}");
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        await _other.DisposeAsync();
        await _bosun.DisposeAsync();
    }

    [Fact]
    public async Task AScriptedRun_IsCountedAsPrometheusScrapesIt()
    {
        await _bosun.CreateProjectAsync("measured", Shipyard, "web");
        // Another server in this process does the same: its counts are its own (each host has its meter).
        await _other.CreateProjectAsync("measured", Shipyard, "web");
        await _other.TriggerAsync("measured", "dev", "delivery", "web", "9.9.9");
        string[] results = ["pass", "fail", "pass"];
        for (var i = 0; i < results.Length; i++)
        {
            var context = await _bosun.TriggerAsync("measured", "dev", "delivery", "web", $"1.0.{i}");
            var triggered = await _bosun.WaitForAsync("sh.keptn.event.test.triggered", context);
            await _bosun.AnswerAsync(triggered, results[i]);
            await _bosun.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);
        }

        const string Scope = "project=\"measured\",stage=\"dev\",sequence=\"delivery\"";
        await _prometheus.WaitForValueAsync($"sum(bosun_sequences_started_total{{{Scope}}})", 3);
        await _prometheus.WaitForValueAsync($"sum(bosun_sequences_finished_total{{{Scope},result=\"pass\"}})", 2);
        await _prometheus.WaitForValueAsync($"sum(bosun_sequences_finished_total{{{Scope},result=\"fail\"}})", 1);
        await _prometheus.WaitForValueAsync("sum(bosun_task_duration_seconds_count{task=\"test\",executor=\"executor\"})", 3);
        await _prometheus.WaitForValueAsync("sum(bosun_events_ingested_total{type=\"sh.keptn.event.test.finished\"})", 3);
        await _prometheus.WaitForValueAsync("sum(bosun_events_ingested_total{type=\"sh.keptn.event.dev.delivery.triggered\"})", 3);
        await _prometheus.WaitForValueAsync("sum(bosun_queue_wait_seconds_count)", 3);
        await _prometheus.WaitForValueAsync("sum(bosun_sequences_active)", 0);
        // The ASP.NET Core and runtime instruments come along; no series is labelled by context or version.
        Assert.True(await _prometheus.ValueAsync("sum(http_server_request_duration_seconds_count{http_route=\"/api/v1/event\"})") >= 3);
        Assert.NotNull(await _prometheus.ValueAsync("count(count by (__name__) ({__name__=~\"dotnet_.+\"}))"));
        Assert.Equal(0, await _prometheus.ValueAsync("count({__name__=~\"bosun_.+\",keptn_context!=\"\"}) or vector(0)"));
        var labels = await _prometheus.LabelsAsync("{__name__=~\"bosun_.+\"}");
        Assert.Contains("project", labels);
        Assert.DoesNotContain(labels, l => l.Contains("context", StringComparison.Ordinal) || l is "version" or "keptn_version" or "triggeredid");

        // And the other server's own /metrics has its one sequence, not these three.
        var other = PrometheusText.Parse(await _other.Anonymous.GetStringAsync("/metrics"));
        Assert.Equal(1, PrometheusText.Sum(other, "bosun_sequences_started_total", ("project", "measured")));
        Assert.Equal(3, PrometheusText.Sum(PrometheusText.Parse(await _bosun.Anonymous.GetStringAsync("/metrics")), "bosun_sequences_started_total", ("project", "measured")));
    }

    [Fact]
    public async Task EveryWriteTransaction_IsTimedWithTheWaitOfEachOfItsInputs()
    {
        await _bosun.CreateProjectAsync("written", Shipyard, "web");
        var context = await _bosun.TriggerAsync("written", "dev", "delivery", "web", "1.0.0");
        await _bosun.AnswerAsync(await _bosun.WaitForAsync("sh.keptn.event.test.triggered", context), "pass");
        await _bosun.WaitForAsync("sh.keptn.event.dev.delivery.finished", context);

        var metrics = PrometheusText.Parse(await _bosun.Anonymous.GetStringAsync("/metrics"));
        var transactions = PrometheusText.Sum(metrics, "bosun_writer_batch_size_count");
        var inputs = PrometheusText.Sum(metrics, "bosun_writer_batch_size_sum");
        // At least the trigger and the test's .started/.finished went through the writer, each in some transaction.
        Assert.True(transactions >= 1 && inputs >= 3, $"{transactions} transactions of {inputs} inputs");
        Assert.Equal(inputs, PrometheusText.Sum(metrics, "bosun_writer_queue_wait_seconds_count"));
        Assert.Equal(transactions, PrometheusText.Sum(metrics, "bosun_writer_batch_duration_seconds_count", ("phase", "work")));
        Assert.Equal(transactions, PrometheusText.Sum(metrics, "bosun_writer_batch_duration_seconds_count", ("phase", "commit")));
        Assert.True(PrometheusText.Sum(metrics, "bosun_writer_batch_duration_seconds_sum", ("phase", "commit")) > 0);
    }
}
