using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Server.Engine;
using Bosun.Server.Hosting;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Keptn's lighthouse-service, built in (spec/keptn.md §6.1): answers <c>evaluation.triggered</c>, asks the
/// project's SLI provider with <c>get-sli.triggered</c>, and scores its <c>get-sli.finished</c> against the service's
/// <c>slo.yaml</c> and the previous evaluations in the store. Its tasks in hand are work rows (docs/architecture.md,
/// "Claims, not memory"): each evaluation is one, which waits for its provider without holding a lease (due again at the
/// provider's deadline, when no answer at all ends it as errored), and each <c>get-sli.finished</c> is one that scores
/// the evaluation it answers. Each step reads where the evaluation stands and answers with ids derived from it, so a
/// row run twice, by this process or another, answers once.
/// </summary>
internal sealed partial class LighthouseIntegration(
    IStore store,
    ProjectCatalog catalog,
    EventIngest ingest,
    BosunOptions options,
    TimeProvider time,
    ILogger<LighthouseIntegration> log) : IWorkIntegration
{
    public const string Source = Lighthouse.Source;
    private static readonly string EvaluationTriggered = KeptnEventType.TaskType(Lighthouse.EvaluationTask, "triggered");
    private static readonly string GetSliTriggered = KeptnEventType.TaskType(Lighthouse.GetSliTask, "triggered");
    private static readonly string GetSliStarted = KeptnEventType.TaskType(Lighthouse.GetSliTask, "started");
    private static readonly string GetSliFinished = KeptnEventType.TaskType(Lighthouse.GetSliTask, "finished");
    private static readonly string EvaluationFinished = KeptnEventType.TaskType(Lighthouse.EvaluationTask, "finished");

    private const string EvaluationKey = "evaluation";
    private const string AnswerKey = "answer";
    // A comparison reads a service's newest evaluations (at most number_of_comparison_results): enough for 80 services
    // comparing with 50 each.
    private const int MaxRemembered = 4_096;
    private readonly OldestFirstCache<IReadOnlyList<SliValue>> _previousValues = new(MaxRemembered);
    // Parsed slo.yaml files by their text (a scoring parsed each twice, a fifth of its time), up to a few services'
    // edits; a larger file than any written by hand is parsed each time rather than kept.
    private const int MaxSloFiles = 64;
    private const int MaxKeptSloLength = 64 * 1024;
    private readonly OldestFirstCache<SloFile> _sloFiles = new(MaxSloFiles);

    private IStore Store { get; } = store;

    public string Name => Source;


    public IReadOnlyList<string> Subscriptions => [EvaluationTriggered, GetSliFinished];

    public Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(
            evt.Type == EvaluationTriggered ? [EvaluationKey]
            : evt.Type == GetSliFinished && !string.IsNullOrEmpty(evt.TriggeredId) ? [AnswerKey]
            : []);

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        if (claim.Key != AnswerKey)
        {
            return await AdvanceAsync(claim.Event, end);
        }
        // A provider finished a get-sli: the lighthouse's request, and the evaluation it belongs to if that still waits.
        var request = (await Store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = claim.Event.TriggeredId, Type = GetSliTriggered, Source = Source, PageSize = 1 }, cancellationToken)).Items.FirstOrDefault();
        // Found open, with its request and this answer in hand: nothing of them is read again.
        return request is not null && await FindOpenEvaluationAsync(request) is { } evaluation
            ? await AdvanceAsync(evaluation, end, (request, claim.Event))
            : WorkResult.Done;
    }

    /// <summary>Keptn's way: the open evaluation.triggered of the same context, project, stage and service.</summary>
    private async Task<KeptnEvent?> FindOpenEvaluationAsync(KeptnEvent getSli) =>
        (await Store.QueryOpenTasksAsync(new OpenTaskQuery(EvaluationTriggered, getSli.Project, getSli.Stage, getSli.Service, null, 0, 500))).Items
            .FirstOrDefault(e => e.KeptnContext == getSli.KeptnContext && GetSliId(e) == getSli.Id);

    private static string GetSliId(KeptnEvent evaluation) => EventIds.Derived($"{Source}/{evaluation.Id}/get-sli");

    private static string AnswerId(KeptnEvent evaluation, string kind) => EventIds.Derived($"{Source}/{evaluation.Id}/{kind}");

    /// <param name="answered">The evaluation's request and a provider's answer to it, when a row of that answer runs (the evaluation was found open).</param>
    private async Task<WorkResult> AdvanceAsync(KeptnEvent triggered, WorkEnd end, (KeptnEvent Request, KeptnEvent Answer)? answered = null)
    {
        if (answered is null && !await IsOpenAsync(triggered))
        {
            return WorkResult.Done;
        }
        var started = KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, KeptnResult.Pass);
        var getSliId = GetSliId(triggered);
        var request = answered?.Request
            ?? (await Store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = getSliId, Type = GetSliTriggered, Source = Source, PageSize = 1 })).Items.FirstOrDefault();
        if (request is null)
        {
            var project = triggered.Project ?? string.Empty;
            var problem = catalog.GetShipyard(project) is null ? $"error retrieving SLO file: project {project} not found"
                : !catalog.ServiceExists(project, triggered.Stage ?? string.Empty, triggered.Service ?? string.Empty) ? $"error retrieving SLO file: service {triggered.Service} not found"
                : null;
            var start = problem is null
                ? Lighthouse.Start(triggered.Data, time.GetUtcNow(), await SloAsync(triggered), await Store.GetProjectSettingAsync(project, EventIngest.SliProviderSetting), ParseSlo)
                : new LighthouseStart(Lighthouse.Errored(triggered.Data, string.Empty, string.Empty, problem), null);
            if (start.Finished is { } finished)
            {
                await Task.WhenAll(AnswerAsync(triggered, "started", started), FinishAsync(triggered, finished, end));
                return WorkResult.Answered;
            }
            // DESIGN §7: the SLI provider's work is part of the evaluation task's span.
            var traceParent = triggered.Extensions?.GetString("traceparent");
            request = new KeptnEvent(getSliId, Source, GetSliTriggered, triggered.KeptnContext, null, time.GetUtcNow(), start.GetSli!)
            {
                GitCommitId = triggered.GitCommitId,
                Extensions = traceParent is null ? null : new JsonObject { ["traceparent"] = traceParent },
            };
            // .started and the provider's request share one commit.
            await ingest.SubmitTogetherAsync([Answer(triggered, "started", started), request]);
        }
        else if ((await Store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = AnswerId(triggered, "started"), Source = Source, PageSize = 1 })).Items.Count == 0)
        {
            await AnswerAsync(triggered, "started", started);
        }
        var answer = answered?.Answer
            ?? (await Store.QueryEventsAsync(new EventQuery { CountTotal = false, TriggeredId = getSliId, Type = GetSliFinished, PageSize = 1 })).Items.FirstOrDefault();
        if (answer is not null)
        {
            var slo = await SloAsync(triggered);
            var data = Lighthouse.Finish(triggered.Data, request.Data, answer.Data, slo, await PreviousAsync(triggered, slo), ParseSlo);
            await FinishAsync(triggered, data, end);
            return WorkResult.Answered;
        }
        return await SilenceAsync(triggered, request, end);
    }

    /// <summary>
    /// No answer at all within the task-started wait (Keptn's task timeout) ends the evaluation as errored; until then its
    /// row waits, due again at that deadline (an answer's own row scores it before).
    /// </summary>
    private async Task<WorkResult> SilenceAsync(KeptnEvent triggered, KeptnEvent request, WorkEnd end)
    {
        var deadline = request.Time + SliWait;
        if (time.GetUtcNow() < deadline)
        {
            return WorkResult.Until(deadline);
        }
        var answered = (await Store.QueryEventsAsync(new EventQuery { CountTotal = false, TriggeredId = request.Id, PageSize = 1 })).Items
            .Any(e => e.Type == GetSliStarted || e.Type == GetSliFinished);
        if (answered)
        {
            // A provider took it: its .finished, whenever it comes, scores the evaluation.
            return WorkResult.Done;
        }
        SliProviderSilent(log, request.Data.GetPath("get-sli.sliProvider") ?? "?", triggered.KeptnContext);
        await FinishAsync(triggered, Lighthouse.ProviderSilent(triggered.Data, request.Data, SliWait), end, closeSideTask: request.Id);
        return WorkResult.Answered;
    }

    private TimeSpan SliWait => options.SliProviderWait ?? options.TaskStartedWait;

    private async Task<bool> IsOpenAsync(KeptnEvent triggered) =>
        (await Store.QueryOpenTasksAsync(new OpenTaskQuery(EvaluationTriggered, triggered.Project, triggered.Stage, triggered.Service, triggered.Id, 0, 1))).Items.Count > 0;

    /// <summary>The service's slo.yaml (Keptn reads it at service level only), or null.</summary>
    private async Task<string?> SloAsync(KeptnEvent triggered) =>
        await Store.GetResourceAsync(triggered.Project ?? string.Empty, triggered.Stage ?? string.Empty, triggered.Service ?? string.Empty, ResourceEndpoints.SloFileName) is { } file
            ? Encoding.UTF8.GetString(file.Content)
            : null;

    /// <summary>
    /// Spec §6.3: the newest <c>evaluation.finished</c> of the lighthouse for this service, not invalidated, filtered by
    /// result as <c>include_result_with_score</c> says, at most as many as the comparison asks for. They are read before
    /// scoring (the store is async, the scorer pure), from the comparison of the same slo.yaml the scorer parses.
    /// </summary>
    private async Task<Func<SloComparison, IReadOnlyList<PreviousEvaluation>>> PreviousAsync(KeptnEvent triggered, string? sloYaml)
    {
        if (sloYaml is null)
        {
            // No SLO file: the scorer answers so without comparing anything.
            return _ => [];
        }
        SloFile slo;
        try
        {
            slo = ParseSlo(sloYaml);
        }
        catch (SloException)
        {
            // The scorer reports the invalid file itself.
            return _ => [];
        }
        var comparison = slo.Comparison;
        var count = comparison.ResultsToCompare;
        // As the scorer: no objectives, nothing to compare with.
        if (count <= 0 || slo.Objectives.Count == 0)
        {
            return _ => [];
        }
        var results = comparison.IncludeResultWithScore.ToLowerInvariant() switch
        {
            "pass" => new[] { KeptnResult.Pass },
            "pass_or_warn" => [KeptnResult.Pass, KeptnResult.Warning],
            _ => null,
        };
        var ids = await Store.QueryEventIdsAsync(new EventQuery
        {
            Type = EvaluationFinished,
            Source = Source,
            Project = triggered.Project,
            Stage = triggered.Stage,
            Service = triggered.Service,
            Results = results,
            ExcludeInvalidated = true,
            PageSize = count,
        });
        var previous = new List<PreviousEvaluation>(ids.Count);
        foreach (var id in ids)
        {
            // Stored events never change: their values are read once and kept.
            if (!_previousValues.TryGet(id, out var values))
            {
                var evt = (await Store.QueryEventsAsync(new EventQuery { CountTotal = false, EventId = id, Source = Source, Type = EvaluationFinished, PageSize = 1 })).Items.FirstOrDefault();
                values = EvaluationResultJson.PreviousValues(evt?.Data["evaluation"] as JsonObject);
                Remember(id, values);
            }
            previous.Add(new PreviousEvaluation(id, values));
        }
        return _ => previous;
    }

    /// <summary>SloFile.Parse, kept by the file's text (a parsed file is immutable); a file that does not parse throws each time.</summary>
    private SloFile ParseSlo(string yaml)
    {
        if (_sloFiles.TryGet(yaml, out var kept))
        {
            return kept;
        }
        var parsed = SloFile.Parse(yaml);
        if (yaml.Length <= MaxKeptSloLength)
        {
            _sloFiles.Remember(yaml, parsed);
        }
        return parsed;
    }

    private void Remember(string finishedId, IReadOnlyList<SliValue> values) => _previousValues.Remember(finishedId, values);

    private async Task FinishAsync(KeptnEvent triggered, JsonObject data, WorkEnd end, string? closeSideTask = null)
    {
        var outcome = await AnswerAsync(triggered, "finished", data, closeSideTask, end);
        if (outcome.ErrorCode == 0 && !outcome.Duplicate)
        {
            Remember(AnswerId(triggered, "finished"), EvaluationResultJson.PreviousValues(data["evaluation"] as JsonObject));
            Evaluated(log, triggered.Project ?? "?", triggered.Stage ?? "?", triggered.Service ?? "?", data.GetString("result") ?? "?",
                data["evaluation"]?["score"]?.ToJsonString() ?? "none", data.GetString("message") ?? string.Empty, triggered.KeptnContext);
        }
    }

    private Task<IngestOutcome> AnswerAsync(KeptnEvent triggered, string kind, JsonObject data, string? closeSideTask = null, WorkEnd? end = null) =>
        ingest.SubmitAsync(Answer(triggered, kind, data), closeSideTask, end);

    private KeptnEvent Answer(KeptnEvent triggered, string kind, JsonObject data) =>
        new(AnswerId(triggered, kind), Source, KeptnEventType.TaskType(Lighthouse.EvaluationTask, kind), triggered.KeptnContext, triggered.Id, time.GetUtcNow(), data)
        {
            GitCommitId = triggered.GitCommitId,
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation of {Project}/{Stage}/{Service}: {Result}, score {Score}: {Message} (context {KeptnContext})")]
    private static partial void Evaluated(ILogger logger, string project, string stage, string service, string result, string score, string message, string keptnContext);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SLI provider ({Provider}) answered get-sli in time (context {KeptnContext})")]
    private static partial void SliProviderSilent(ILogger logger, string provider, string keptnContext);
}
