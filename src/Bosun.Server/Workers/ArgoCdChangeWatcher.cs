using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;
using Bosun.Server.Api;
using Bosun.Server.Engine;

namespace Bosun.Server.Workers;

/// <summary>
/// Follows Argo CD's application watch, keeps the <see cref="ArgoCdAppFeed"/> that deliveries wait on, and starts <c>sh.keptn.event.&lt;stage&gt;.&lt;sequence&gt;.triggered</c> for
/// each new revision of a Keptn-labelled app, with the labels the original <c>keptn-outofsync</c> template set.
/// Once per (app, revision): the trigger's id is derived from both, and the event store accepts an id once, so
/// restarts, reconnects (each re-lists every app) and repeated watch events never start it twice.
/// </summary>
internal sealed partial class ArgoCdChangeWatcher(
    ArgoCdWatch watch,
    ArgoCdOptions options,
    ArgoCdAppFeed feed,
    EventIngest ingest,
    TimeProvider time,
    ILogger<ArgoCdChangeWatcher> log) : BackgroundService
{
    private const string Source = "bosun-argocd";
    // Remembered whatever the outcome: a rejected trigger is not retried on every watch event, only after a restart.
    private readonly HashSet<string> _handled = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        watch.Disconnected += e => WatchLost(log, options.Url, e.Message);
        try
        {
            await foreach (var evt in watch.FollowAsync(null, null, stoppingToken))
            {
                feed.Update(new ArgoApp(evt.Application), deleted: evt.Type == "DELETED");
                if (evt.Type != "DELETED" && ChangeDetection.Detect(evt.Application, options.DefaultSequence) is { } trigger && _handled.Add(trigger.EventId))
                {
                    // Not awaited: the writer keeps submission order, and the watch (which deliveries wait on) must
                    // not stall behind one durable commit per trigger when many apps change at once.
                    _ = StartAsync(trigger);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StartAsync(DeliveryTrigger trigger)
    {
        var now = time.GetUtcNow();
        var data = new JsonObject
        {
            ["project"] = trigger.Project,
            ["stage"] = trigger.Stage,
            ["service"] = trigger.Service,
            ["configurationChange"] = new JsonObject(),
            ["labels"] = new JsonObject
            {
                ["version"] = trigger.Revision,
                ["appname"] = trigger.App,
                ["argocd"] = new Uri(options.Url, $"applications/{trigger.App}").ToString(),
            },
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
        if (outcome.KeptnContext is null)
        {
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
