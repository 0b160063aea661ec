using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;

namespace Bosun.Core.Evaluation;

/// <summary>What the lighthouse does with an <c>evaluation.triggered</c>: answer at once, or ask the SLI provider.</summary>
/// <param name="Finished">The <c>evaluation.finished</c> data when the evaluation ends here (no timeframe, a broken SLO file, no provider).</param>
/// <param name="GetSli">Otherwise the <c>get-sli.triggered</c> data.</param>
public sealed record LighthouseStart(JsonObject? Finished, JsonObject? GetSli);

/// <summary>
/// Keptn's lighthouse-service (spec/keptn.md §6.1) as pure functions over event data: <see cref="Start"/> for
/// <c>evaluation.triggered</c> (steps 2–5), <see cref="Finish"/> for the provider's <c>get-sli.finished</c> (steps 6–8).
/// The host reads the files and the previous evaluations and sends what these return.
/// </summary>
public static class Lighthouse
{
    public const string Source = "lighthouse-service";
    public const string EvaluationTask = "evaluation";
    public const string GetSliTask = "get-sli";

    /// <param name="parse">How the file is parsed (<see cref="SloFile.Parse"/> unless given: a caller may keep the parsed files).</param>
    public static LighthouseStart Start(JsonObject triggered, DateTimeOffset now, string? sloYaml, string? sliProvider, Func<string, SloFile>? parse = null)
    {
        if (EvaluationTimeframe.FromEvent(triggered, now, out var problem) is not { } window)
        {
            return new LighthouseStart(Errored(triggered, string.Empty, string.Empty, problem!), null);
        }
        var evaluation = triggered["evaluation"] as JsonObject;
        var fromTest = string.IsNullOrEmpty(evaluation?.GetString("timeframe"))
            && (string.IsNullOrEmpty(evaluation?.GetString("start")) || string.IsNullOrEmpty(evaluation?.GetString("end")));
        // Keptn formats an evaluation window, and passes a test window on as the test reported it.
        var (start, end) = fromTest
            ? (triggered.GetPath("test.start")!, triggered.GetPath("test.end")!)
            : (EvaluationTimeframe.Format(window.Start), EvaluationTimeframe.Format(window.End));
        SloFile? slo = null;
        if (sloYaml is not null)
        {
            try
            {
                slo = (parse ?? SloFile.Parse)(sloYaml);
            }
            catch (SloException e)
            {
                return new LighthouseStart(Errored(triggered, start, end, $"error retrieving SLO file: {e.Message}"), null);
            }
        }
        if (string.IsNullOrEmpty(sliProvider))
        {
            var finished = KeptnAnswer.Data(triggered, KeptnStatus.Succeeded, KeptnResult.Pass,
                $"no evaluation performed by lighthouse because no SLI-provider configured for project {triggered.GetString("project")}");
            finished[EvaluationTask] = Details(start, end, KeptnResult.Pass);
            return new LighthouseStart(finished, null);
        }
        var getSli = KeptnAnswer.Data(triggered);
        getSli[GetSliTask] = new JsonObject
        {
            ["sliProvider"] = sliProvider,
            ["start"] = start,
            ["end"] = end,
            ["indicators"] = new JsonArray((slo?.Objectives ?? []).Select(o => (JsonNode)JsonValue.Create(o.Sli)).ToArray()),
            ["customFilters"] = new JsonArray((slo?.Filter ?? new Dictionary<string, string>())
                .Select(f => (JsonNode)new JsonObject { ["key"] = f.Key, ["value"] = f.Value }).ToArray()),
        };
        if (triggered["deployment"] is JsonObject deployment && deployment["deploymentNames"] is JsonArray { Count: > 0 } names && names[0] is JsonValue first)
        {
            getSli["deployment"] = first.ToString();
        }
        return new LighthouseStart(null, getSli);
    }

    /// <summary>
    /// The <c>evaluation.finished</c> data for the provider's answer: aborted/errored answers and wrong payloads as
    /// Keptn words them, no SLO file → pass, else the score against the previous evaluations that
    /// <paramref name="previous"/> returns for the file's comparison settings.
    /// </summary>
    /// <param name="parse">How the file is parsed (<see cref="SloFile.Parse"/> unless given: a caller may keep the parsed files).</param>
    public static JsonObject Finish(JsonObject triggered, JsonObject getSliTriggered, JsonObject getSliFinished, string? sloYaml,
        Func<SloComparison, IReadOnlyList<PreviousEvaluation>> previous, Func<string, SloFile>? parse = null)
    {
        var request = getSliTriggered[GetSliTask] as JsonObject ?? [];
        var answer = getSliFinished[GetSliTask] as JsonObject;
        var start = answer?.GetString("start") is { Length: > 0 } s ? s : request.GetString("start") ?? string.Empty;
        var end = answer?.GetString("end") is { Length: > 0 } e ? e : request.GetString("end") ?? string.Empty;
        if (ReadValues(getSliFinished, out var problem) is not { } values)
        {
            return Errored(triggered, start, end, $"Could not parse event payload: {problem}");
        }
        var status = getSliFinished.GetString("status");
        if (status == KeptnStatus.Aborted || status == KeptnStatus.Errored)
        {
            // Keptn leaves evaluation.result at its initial "pass" here; data.result says fail.
            var failed = KeptnAnswer.Data(triggered, KeptnStatus.Errored, KeptnResult.Fail,
                status == KeptnStatus.Aborted ? "evaluation performed by lighthouse was aborted"
                    : $"evaluation performed by lighthouse received an unexpected error: {getSliFinished.GetString("message")}");
            failed[EvaluationTask] = Details(start, end, KeptnResult.Pass);
            return failed;
        }
        if (sloYaml is null)
        {
            var none = KeptnAnswer.Data(triggered, KeptnStatus.Succeeded, KeptnResult.Pass,
                $"no evaluation performed by lighthouse because no SLO file configured for project {triggered.GetString("project")}");
            none[EvaluationTask] = Details(start, end, KeptnResult.Pass);
            return none;
        }
        SloFile slo;
        try
        {
            slo = (parse ?? SloFile.Parse)(sloYaml);
        }
        catch (SloException ex)
        {
            return Errored(triggered, start, end, $"error retrieving SLO file: {ex.Message}");
        }
        var compared = slo.Objectives.Count == 0 ? [] : previous(slo.Comparison);
        var outcome = SloEvaluator.Evaluate(slo, values, compared);
        var comparedIds = compared.Select(p => p.EventId).ToList();
        var details = EvaluationResultJson.Build(outcome, start, end, sloYaml, comparedIds);
        if (outcome.Errored)
        {
            var errored = KeptnAnswer.Data(triggered, KeptnStatus.Errored, KeptnResult.Fail, outcome.Message);
            details["result"] = KeptnResult.Fail;
            details["score"] = 0;
            errored[EvaluationTask] = details;
            return errored;
        }
        var data = KeptnAnswer.Data(triggered, KeptnStatus.Succeeded, outcome.Result, outcome.Message);
        if (getSliFinished.GetString("result") == KeptnResult.Fail && slo.Objectives.Count > 0)
        {
            // Keptn's quirk: the provider's failure decides data.result; the scored evaluation keeps its own result.
            data["result"] = KeptnResult.Fail;
            data["message"] = $"lighthouse failed because SLI failed with message {getSliFinished.GetString("message")}";
        }
        data[EvaluationTask] = details;
        return data;
    }

    /// <summary>The <c>evaluation.finished</c> data when no provider answered the <c>get-sli.triggered</c> in time.</summary>
    public static JsonObject ProviderSilent(JsonObject triggered, JsonObject getSliTriggered, TimeSpan waited)
    {
        var request = getSliTriggered[GetSliTask] as JsonObject ?? [];
        return Errored(triggered, request.GetString("start") ?? string.Empty, request.GetString("end") ?? string.Empty,
            $"no SLI provider answered get-sli.triggered for provider '{request.GetString("sliProvider")}' within {Wait(waited)}");
    }

    /// <summary>The provider's <c>get-sli.indicatorValues</c>, or null with the reason when the payload has the wrong shape.</summary>
    public static List<SliValue>? ReadValues(JsonObject getSliFinished, out string? problem)
    {
        problem = null;
        var values = new List<SliValue>();
        var node = getSliFinished[GetSliTask];
        if (node is null)
        {
            return values;
        }
        if (node is not JsonObject getSli)
        {
            problem = "get-sli is not an object";
            return null;
        }
        if (getSli["indicatorValues"] is null)
        {
            return values;
        }
        if (getSli["indicatorValues"] is not JsonArray items)
        {
            problem = "get-sli.indicatorValues is not a list";
            return null;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var where = $"get-sli.indicatorValues[{i}]";
            if (items[i] is not JsonObject item)
            {
                problem = $"{where} is not an object";
                return null;
            }
            if (item["metric"] is not JsonValue metric || metric.GetValueKind() != JsonValueKind.String)
            {
                problem = $"{where}.metric is not a string";
                return null;
            }
            double value = 0;
            if (item["value"] is { } v)
            {
                if (v is not JsonValue number || number.GetValueKind() != JsonValueKind.Number)
                {
                    problem = $"{where}.value is not a number";
                    return null;
                }
                value = double.Parse(number.ToJsonString(), CultureInfo.InvariantCulture);
            }
            var success = false;
            if (item["success"] is { } ok)
            {
                if (ok.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = $"{where}.success is not a boolean";
                    return null;
                }
                success = ok.GetValue<bool>();
            }
            if (item["message"] is { } m && m.GetValueKind() != JsonValueKind.String)
            {
                problem = $"{where}.message is not a string";
                return null;
            }
            values.Add(new SliValue(metric.ToString(), value, success, item.GetString("message") is { Length: > 0 } message ? message : null));
        }
        return values;
    }

    /// <summary>An errored, failed <c>evaluation.finished</c> with Keptn's evaluation details (result fail, score 0).</summary>
    public static JsonObject Errored(JsonObject triggered, string start, string end, string message)
    {
        var data = KeptnAnswer.Data(triggered, KeptnStatus.Errored, KeptnResult.Fail, message);
        data[EvaluationTask] = Details(start, end, KeptnResult.Fail);
        return data;
    }

    private static JsonObject Details(string start, string end, string result) =>
        new() { ["timeStart"] = start, ["timeEnd"] = end, ["result"] = result, ["score"] = 0 };

    private static string Wait(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
}
