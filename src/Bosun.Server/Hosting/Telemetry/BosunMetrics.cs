using System.Diagnostics;
using System.Diagnostics.Metrics;
using Bosun.Core.Events;
using Bosun.Core.Monitoring;
using Bosun.Core.Sequences;
using Bosun.Server.Engine;
using Bosun.Server.Workers;

namespace Bosun.Server.Hosting.Telemetry;

/// <summary>
/// Bosun's instruments (DESIGN §7), on a meter from the host's <see cref="IMeterFactory"/>; OpenTelemetry exports them on
/// <c>/metrics</c> and over OTLP, named as Prometheus expects (<c>bosun_…_total</c>, <c>_seconds</c>). Labels are
/// bounded: project, stage, sequence and task come from shipyards, event types through <see cref="MetricLabels"/>,
/// executors through a <see cref="LabelBudget"/>; never a keptnContext or a version.
/// </summary>
internal sealed class BosunMetrics
{
    private static readonly string EvaluationFinished = KeptnEventType.TaskType("evaluation", "finished");
    private readonly ProjectCatalog _catalog;
    private readonly Counter<long> _ingested;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _taskDuration;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _outboxLag;
    private readonly Histogram<double> _writerWait;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _argoSyncs;
    private readonly Histogram<double> _argoSyncDuration;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _evaluations;
    private readonly Histogram<double> _scores;
    private readonly LabelBudget _executors = new(64);
    private IReadOnlyDictionary<SequenceState, int> _active = new Dictionary<SequenceState, int>();

    public BosunMetrics(IMeterFactory meters, ProjectCatalog catalog)
    {
        _catalog = catalog;
        var meter = meters.Create(BosunTelemetry.Name, BosunVersion.Current);
        _ingested = meter.CreateCounter<long>("bosun.events.ingested", "{event}", "Events stored, by type.");
        _started = meter.CreateCounter<long>("bosun.sequences.started", "{sequence}", "Sequence executions started, by project, stage and sequence.");
        _finished = meter.CreateCounter<long>("bosun.sequences.finished", "{sequence}", "Sequence executions ended, by project, stage, sequence and result.");
        meter.CreateObservableGauge("bosun.sequences.active", ObserveActive, "{sequence}", "Sequence executions not yet ended, by state.");
        meter.CreateObservableGauge("bosun.queue.depth", ObserveQueued, "{sequence}", "Sequence executions waiting in their service and stage's queue.");
        _taskDuration = meter.CreateHistogram("bosun.task.duration", "s", "Time from a task's .triggered to its last .finished, by task and executor.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });
        _queueWait = meter.CreateHistogram("bosun.queue.wait", "s", "Time from a sequence's .triggered to its first task's .triggered.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1, 1, 10, 60, 600, 3600] });
        _outboxLag = meter.CreateHistogram("bosun.outbox.lag", "s", "Time from an event's commit to its hand-over to the built-in integrations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30] });
        _writerWait = meter.CreateHistogram("bosun.writer.queue.wait", "s", "Time an input waited for the writer: from its submission to the start of the transaction that wrote it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _batchDuration = meter.CreateHistogram("bosun.writer.batch.duration", "s", "Time of one write transaction, by phase: work (deciding and writing its inputs) and commit (the durable commit).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        _batchSize = meter.CreateHistogram<int>("bosun.writer.batch.size", "{input}", "Inputs written in one transaction.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500] });
        _argoSyncs = meter.CreateCounter<long>("bosun.argocd.syncs", "{sync}", "Argo CD deliveries answered, by outcome.");
        _argoSyncDuration = meter.CreateHistogram("bosun.argocd.sync.duration", "s", "Time from asking Argo CD to sync to the delivery's answer, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });
        _webhooks = meter.CreateCounter<long>("bosun.webhook.requests", "{request}", "Webhook requests sent, by outcome.");
        _evaluations = meter.CreateCounter<long>("bosun.evaluations", "{evaluation}", "Quality-gate evaluations finished, by result.");
        _scores = meter.CreateHistogram("bosun.evaluation.score", "%", "Scores of finished evaluations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 100] });
    }

    /// <summary>What one commit did: the events it stored, the sequences it started and ended, the tasks it completed.</summary>
    public void Record(CommitFacts facts)
    {
        foreach (var evt in facts.Stored)
        {
            var shipyard = evt.Project is { Length: > 0 } project ? _catalog.GetShipyard(project) : null;
            _ingested.Add(1, new KeyValuePair<string, object?>("type", MetricLabels.EventType(evt.Type, shipyard)));
            if (evt.Type == EvaluationFinished)
            {
                _evaluations.Add(1, new KeyValuePair<string, object?>("result", Result(evt.Data.GetString("result"))));
                if (evt.Data["evaluation"]?["score"] is System.Text.Json.Nodes.JsonValue score && score.TryGetValue<double>(out var value))
                {
                    _scores.Record(value);
                }
            }
        }
        foreach (var execution in facts.Started)
        {
            _started.Add(1, Scope(execution));
        }
        foreach (var execution in facts.Ended)
        {
            var tags = Scope(execution);
            tags.Add("result", execution.State == SequenceState.Finished ? Result(execution.Result) : execution.State.ToWire());
            _finished.Add(1, tags);
        }
        foreach (var (_, task) in facts.Completed)
        {
            if (task.TriggeredAt is { } at)
            {
                _taskDuration.Record((task.FinishedAt - at).TotalSeconds,
                    new KeyValuePair<string, object?>("task", task.Name),
                    new KeyValuePair<string, object?>("executor", _executors.Of(task.Executors is { Count: > 0 } e ? string.Join(',', e) : null)));
            }
        }
        foreach (var wait in facts.QueueWaits)
        {
            _queueWait.Record(wait.TotalSeconds);
        }
    }

    /// <summary>One committed write transaction: how long each of its inputs waited for it, its work and its commit.</summary>
    public void RecordBatch(IEnumerable<TimeSpan> waits, TimeSpan work, TimeSpan commit)
    {
        var inputs = 0;
        foreach (var wait in waits)
        {
            _writerWait.Record(Math.Max(0, wait.TotalSeconds));
            inputs++;
        }
        _batchSize.Record(inputs);
        _batchDuration.Record(work.TotalSeconds, new KeyValuePair<string, object?>("phase", "work"));
        _batchDuration.Record(commit.TotalSeconds, new KeyValuePair<string, object?>("phase", "commit"));
    }

    public void RecordOutboxLag(TimeSpan lag) => _outboxLag.Record(Math.Max(0, lag.TotalSeconds));

    public void RecordArgoCdSync(string outcome, TimeSpan duration)
    {
        _argoSyncs.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _argoSyncDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <param name="outcome">success, error (an error status), failed (no answer), timeout or refused (the deny list).</param>
    public void RecordWebhook(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void SetActive(IReadOnlyDictionary<SequenceState, int> counts) => _active = counts;

    private IEnumerable<Measurement<int>> ObserveActive()
    {
        var active = _active;
        return Enum.GetValues<SequenceState>().Where(s => s.IsActive())
            .Select(s => new Measurement<int>(active.GetValueOrDefault(s), new KeyValuePair<string, object?>("state", s.ToWire())));
    }

    private int ObserveQueued() => _active.Where(p => p.Key.IsQueued()).Sum(p => p.Value);

    private static TagList Scope(SequenceExecution execution) => new()
    {
        { "project", execution.Project },
        { "stage", execution.Stage },
        { "sequence", execution.Sequence },
    };

    private static string Result(string? result) => result is KeptnResult.Pass or KeptnResult.Warning or KeptnResult.Fail ? result : MetricLabels.Other;
}
