using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Core.Dora;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Follows Argo CD's application watch, keeps the <see cref="ArgoCdAppFeed"/> that deliveries wait on, and starts <c>sh.keptn.event.&lt;stage&gt;.&lt;sequence&gt;.triggered</c> for
/// each new revision of a Keptn-labelled app, with the labels the original <c>keptn-outofsync</c> template set.
/// Once per (app, revision): the trigger's id is derived from both, and the event store accepts an id once, so
/// restarts, reconnects (each re-lists every app) and repeated watch events never start it twice.
/// Every replica follows the watch (its deliveries wait on the feed), but only the holder of the <c>argocd-changes</c>
/// lease starts sequences (docs/architecture.md, "Singletons hold a lease"); a replica that takes the lease over looks
/// at every app the feed holds, so a change seen while nobody held it still starts its sequence.
/// </summary>
internal sealed partial class ArgoCdChangeWatcher(
    ArgoCdWatch watch,
    ArgoCdClient client,
    ArgoCdOptions options,
    ArgoCdAppFeed feed,
    EventIngest ingest,
    IStore store,
    WorkRunner runner,
    TimeProvider time,
    ILogger<ArgoCdChangeWatcher> log) : BackgroundService
{
    private const string Source = "bosun-argocd";
    private readonly Lock _gate = new();
    // Remembered whatever the outcome: a rejected trigger is not retried on every watch event, only after a restart.
    // One the store did not take (it did not answer) is forgotten again, so the next look retries it.
    private readonly HashSet<string> _handled = [];
    private volatile bool _holding;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        watch.Disconnected += e => WatchLost(log, options.Url, e.Message);
        var lease = new LeaseHolder(store, "argocd-changes", runner.Owner, time);
        var holding = HoldAsync(lease, stoppingToken);
        try
        {
            await foreach (var evt in watch.FollowAsync(null, null, stoppingToken))
            {
                feed.Update(new ArgoApp(evt.Application), deleted: evt.Type == "DELETED");
                if (evt.Type != "DELETED" && _holding)
                {
                    Look(evt.Application);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await holding;
        try
        {
            await lease.ReleaseAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Giving up the Argo CD changes lease failed; it runs out by itself");
        }
    }

    /// <summary>Keeps the lease while it can; whenever it holds it, looks at every app (a takeover, or a retry).</summary>
    private async Task HoldAsync(LeaseHolder lease, CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                _holding = await lease.HoldAsync(stoppingToken) is not null;
                if (_holding)
                {
                    foreach (var app in feed.All())
                    {
                        Look(app.Json);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store did not answer: whether this replica still holds the lease is unknown, so it starts nothing.
                _holding = false;
                log.LogWarning(e, "Renewing the Argo CD changes lease failed; trying again shortly");
            }
            try
            {
                await Task.Delay(WorkRunner.Lease / 3, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Look(JsonObject application)
    {
        if (ChangeDetection.Detect(application, options.DefaultSequence) is not { } trigger)
        {
            return;
        }
        lock (_gate)
        {
            if (!_handled.Add(trigger.EventId))
            {
                return;
            }
        }
        // Not awaited: the writer keeps submission order, and the watch (which deliveries wait on) must not stall
        // behind one durable commit per trigger when many apps change at once. A failure is retried by the next look.
        _ = StartAsync(trigger);
    }

    /// <summary>The revision's commit date from Argo CD, as RFC 3339; null when Argo CD cannot tell (the trigger starts anyway).</summary>
    private async Task<string?> CommitTimeAsync(DeliveryTrigger trigger)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            var metadata = await client.RevisionMetadataAsync(trigger.App, trigger.Revision, feed.Latest(trigger.App)?.Project, timeout.Token);
            return DateTimeOffset.TryParse(metadata.GetString("date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : null;
        }
        catch (Exception e) when (e is ArgoCdException or OperationCanceledException or System.Text.Json.JsonException)
        {
            NoCommitTime(log, trigger.App, trigger.Revision, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Argo CD gave no commit date for {App} at {Revision}: {Reason}")]
    private static partial void NoCommitTime(ILogger log, string app, string revision, string reason);

    private async Task StartAsync(DeliveryTrigger trigger)
    {
        var labels = new JsonObject
        {
            ["version"] = trigger.Revision,
            ["appname"] = trigger.App,
            ["argocd"] = new Uri(options.Url, $"applications/{trigger.App}").ToString(),
        };
        // DORA's lead time starts at the revision's commit date when Argo CD knows it (DESIGN §7).
        if (await CommitTimeAsync(trigger) is { } committed)
        {
            labels["commitTime"] = committed;
            labels["commitTimeSource"] = CommitTime.ArgoCd;
        }
        var now = time.GetUtcNow();
        var data = new JsonObject
        {
            ["project"] = trigger.Project,
            ["stage"] = trigger.Stage,
            ["service"] = trigger.Service,
            ["configurationChange"] = new JsonObject(),
            ["labels"] = labels,
        };
        var evt = new KeptnEvent(trigger.EventId, Source, KeptnEventType.SequenceType(trigger.Stage, trigger.Sequence, "triggered"),
            EventIds.New(now), null, now, data);
        IngestOutcome outcome;
        try
        {
            outcome = await ingest.SubmitAsync(evt);
        }
        catch (InvalidOperationException)
        {
            return; // stopping
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _handled.Remove(trigger.EventId);
            }
            log.LogWarning(e, "Starting {Sequence} for Argo CD app {App} at {Revision} failed; trying again shortly", trigger.Sequence, trigger.App, trigger.Revision);
            return;
        }
        if (outcome.KeptnContext is null)
        {
            if (outcome.ErrorCode == StatusCodes.Status429TooManyRequests)
            {
                // The service's queue is full (DESIGN §8): the next look at the app tries again.
                lock (_gate)
                {
                    _handled.Remove(trigger.EventId);
                }
            }
            NotStarted(log, trigger.App, trigger.Revision, trigger.Project, trigger.Stage, trigger.Service, outcome.ErrorMessage);
        }
        else if (!outcome.Duplicate)
        {
            Started(log, trigger.Sequence, trigger.Project, trigger.Stage, trigger.Service, trigger.App, trigger.Revision, outcome.KeptnContext);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Argo CD app {App} is at new revision {Revision}: started {Sequence} for {Project}/{Stage}/{Service}, context {KeptnContext}")]
    private static partial void Started(ILogger log, string sequence, string project, string stage, string service, string app, string revision, string keptnContext);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Argo CD app {App} is at new revision {Revision}, but no sequence started for {Project}/{Stage}/{Service}: {Reason}")]
    private static partial void NotStarted(ILogger log, string app, string revision, string project, string stage, string service, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Argo CD watch at {Url} ended ({Reason}); reconnecting and re-listing apps")]
    private static partial void WatchLost(ILogger log, Uri url, string reason);
}
