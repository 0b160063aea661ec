using System.Diagnostics.Metrics;
using Bosun.Core.Dora;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Server.Hosting.Telemetry;
using Bosun.Storage;

namespace Bosun.Server.Dora;

/// <summary>How often the DORA gauges are worked out again (a scrape reads the last figures, it never waits for them).</summary>
internal sealed record DoraGaugeOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The four DORA figures of every project and stage over the last 30 days, as gauges labelled by project and stage
/// (DESIGN §7; the same figures as <c>GET /api/bosun/v1/dora</c> without a service): worked out in the background
/// every <see cref="DoraGaugeOptions.Interval"/>, so a scrape costs nothing. Figures without samples are left out.
/// </summary>
internal sealed class DoraGauges : BackgroundService
{
    private readonly IStore _store;
    private readonly ProjectCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly DoraGaugeOptions _options;
    private readonly ILogger<DoraGauges> _log;
    private IReadOnlyList<(string Project, string Stage, DoraFigures Figures)> _figures = [];

    public DoraGauges(IStore store, ProjectCatalog catalog, TimeProvider time, DoraGaugeOptions options, IMeterFactory meters, ILogger<DoraGauges> log)
    {
        (_store, _catalog, _time, _options, _log) = (store, catalog, time, options, log);
        var meter = meters.Create(BosunTelemetry.Name, BosunVersion.Current);
        meter.CreateObservableGauge("bosun.dora.deployments", () => Observe(f => f.DeploymentFrequency.Deployments), "{deployment}",
            "DORA: passing deliveries in the stage over the last 30 days.");
        meter.CreateObservableGauge("bosun.dora.deployments_per_day", () => Observe(f => f.DeploymentFrequency.PerDay), "{deployment}",
            "DORA deployment frequency: passing deliveries per day over the last 30 days.");
        meter.CreateObservableGauge("bosun.dora.lead_time", () => Observe(f => f.LeadTimeForChanges.MedianSeconds), "s",
            "DORA lead time for changes: median of delivery time minus commit time.");
        meter.CreateObservableGauge("bosun.dora.change_failure_rate", () => Observe(f => f.ChangeFailureRate.Rate), "1",
            "DORA change failure rate: failed deployments of all.");
        meter.CreateObservableGauge("bosun.dora.recovery_time", () => Observe(f => f.FailedDeploymentRecoveryTime.MedianSeconds), "s",
            "DORA failed deployment recovery time: median from a failure's detection to its recovery.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _figures = await ComputeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store did not answer: the last figures stay until the next round.
                _log.LogWarning(e, "Working out the DORA gauges failed; trying again in {Seconds} s", _options.Interval.TotalSeconds);
            }
            try
            {
                await Task.Delay(_options.Interval, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<IReadOnlyList<(string, string, DoraFigures)>> ComputeAsync(CancellationToken cancellationToken)
    {
        var end = _time.GetUtcNow();
        var start = end - DoraEndpoints.DefaultRange;
        var figures = new List<(string, string, DoraFigures)>();
        foreach (var (project, shipyard) in _catalog.Shipyards.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var stage in shipyard.Stages)
            {
                figures.Add((project, stage.Name, await DoraReader.FiguresAsync(_store, project, stage.Name, null, shipyard.Stages[0].Name, start, end, cancellationToken)));
            }
        }
        return figures;
    }

    private IEnumerable<Measurement<double>> Observe(Func<DoraFigures, double?> figure)
    {
        foreach (var (project, stage, figures) in _figures)
        {
            if (figure(figures) is { } value)
            {
                yield return new Measurement<double>(value, new KeyValuePair<string, object?>("project", project), new KeyValuePair<string, object?>("stage", stage));
            }
        }
    }
}
