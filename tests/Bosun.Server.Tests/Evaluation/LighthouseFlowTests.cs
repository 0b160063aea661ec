using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Bosun.Server.Tests.Evaluation.QualityGate;

namespace Bosun.Server.Tests.Evaluation;

/// <summary>
/// The built-in lighthouse (issue 5 item 2–5, spec/keptn.md §6.1/§6.3/§4.2) with an outside SLI provider played by
/// the test through the API, following Keptn's own quality-gate integration test (test_qualitygate.go).
/// </summary>
public sealed class LighthouseFlowTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Message(JsonObject evt) => evt["data"]!["message"]!.GetValue<string>();

    private static string Data(JsonObject evt, string path) =>
        path.Split('.').Aggregate((JsonNode?)evt["data"], (node, key) => node is JsonArray list ? list[int.Parse(key, CultureInfo.InvariantCulture)] : node?[key])
            ?.ToJsonString().Trim('"') ?? "<none>";

    [Fact]
    public async Task NoSliProvider_PassesWithKeptnsMessage_AndAnswersStartedFirst()
    {
        await CreateAsync(_server, provider: null);
        var context = await EvaluateAsync(_server, new { timeframe = "5m" });

        var finished = await FinishedAsync(_server, context);
        Assert.Equal("lighthouse-service", finished["source"]!.GetValue<string>());
        Assert.Equal("succeeded", Data(finished, "status"));
        Assert.Equal("pass", Data(finished, "result"));
        Assert.Equal("pass", Data(finished, "evaluation.result"));
        Assert.Equal($"no evaluation performed by lighthouse because no SLI-provider configured for project {Project}", Message(finished));
        var started = await _server.WaitForAsync("sh.keptn.event.evaluation.started", context);
        Assert.Equal(finished["triggeredid"]!.GetValue<string>(), started["triggeredid"]!.GetValue<string>());
        var sequence = await _server.WaitForAsync($"sh.keptn.event.{Stage}.evaluation.finished", context);
        Assert.Equal("pass", Data(sequence, "result"));
    }

    [Fact]
    public async Task EvaluationEndpoint_EmitsTheSequenceEvent_AndRefusesWhatKeptnRefuses()
    {
        await CreateAsync(_server, provider: null);
        var context = await EvaluateAsync(_server, new { start = "2022-01-26T10:05:53.931Z", end = "2022-01-26T10:10:53.931Z", labels = new { buildId = "42" }, gitcommitid = "abc" });
        var triggered = await _server.WaitForAsync($"sh.keptn.event.{Stage}.evaluation.triggered", context);
        Assert.Equal("https://github.com/keptn/keptn/api", triggered["source"]!.GetValue<string>());
        Assert.Equal("2022-01-26T10:05:53.931Z", Data(triggered, "evaluation.start"));
        Assert.Equal("2022-01-26T10:10:53.931Z", Data(triggered, "evaluation.end"));
        Assert.Equal("42", Data(triggered, "labels.buildId"));
        Assert.Equal("abc", triggered["gitcommitid"]!.GetValue<string>());
        var task = await _server.WaitForAsync("sh.keptn.event.evaluation.triggered", context);
        Assert.Equal("2022-01-26T10:05:53.931Z", Data(task, "evaluation.start"));

        async Task<string> Refused(string path, object body, int code) =>
            await RunningServer.ErrorAsync(await _server.Client.PostAsJsonAsync(path, body), code);
        var ok = $"/api/controlPlane/v1/project/{Project}/stage/{Stage}/service/{Service}/evaluation";
        Assert.Contains("project not found", await Refused($"/api/controlPlane/v1/project/wrong-project/stage/{Stage}/service/{Service}/evaluation", new { }, 404));
        Assert.Contains("stage not found", await Refused($"/api/controlPlane/v1/project/{Project}/stage/wrong-stage/service/{Service}/evaluation", new { }, 404));
        Assert.Contains("service not found", await Refused($"/api/controlPlane/v1/project/{Project}/stage/{Stage}/service/wrong-service/evaluation", new { }, 404));
        Assert.Contains("end date must only be set in combination with a start date", await Refused(ok, new { end = "2022-01-26T10:10:53.931Z" }, 400));
        Assert.Contains("mutually exclusive", await Refused(ok, new { start = "2022-01-26T10:05:53.931Z", end = "2022-01-26T10:10:53.931Z", timeframe = "5m" }, 400));
        Assert.Contains("at least 1 minute", await Refused(ok, new { start = "2022-01-26T10:05:53.931Z", end = "2022-01-26T10:06:00.000Z" }, 400));
        Assert.Contains("timeframe '5 minutes'", await Refused(ok, new { timeframe = "5 minutes" }, 400));
        Assert.Contains("start 'yesterday'", await Refused(ok, new { start = "yesterday" }, 400));
        Assert.Contains("labels.team must be a string", await Refused(ok, new { labels = new { team = 1 } }, 400));
        Assert.Contains("timeframe must be a string", await Refused(ok, new { timeframe = 5 }, 400));
        var notJson = await _server.Client.PostAsync(ok, new StringContent("{", Encoding.UTF8, "application/json"));
        Assert.Contains("not valid JSON", await RunningServer.ErrorAsync(notJson, 400));
    }

    [Fact]
    public async Task FullQualityGate_ComparesWithThePreviousPassingEvaluation_AndSkipsInvalidatedOnes()
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);

        // 1: no previous evaluation, every relative criterion holds.
        var first = await EvaluateAsync(_server, new { start = "2022-01-26T10:05:53.931Z", end = "2022-01-26T10:10:53.931Z" });
        var getSli = await OpenGetSliAsync(_server, first);
        Assert.Equal("lighthouse-service", getSli["source"]!.GetValue<string>());
        var request = getSli["data"]!["get-sli"]!;
        Assert.Equal("my-sli-provider", request["sliProvider"]!.GetValue<string>());
        Assert.Equal("2022-01-26T10:05:53.931Z", request["start"]!.GetValue<string>());
        Assert.Equal("2022-01-26T10:10:53.931Z", request["end"]!.GetValue<string>());
        Assert.Equal(["response_time_p95", "throughput", "error_rate"], request["indicators"]!.AsArray().Select(i => i!.GetValue<string>()));
        await ProvideAsync(_server, getSli, ("response_time_p95", 200), ("throughput", 200), ("error_rate", 0));
        var one = await FinishedAsync(_server, first);
        Assert.Equal("pass", Data(one, "result"));
        Assert.Equal("100", Data(one, "evaluation.score"));
        Assert.Equal("[]", Data(one, "evaluation.comparedEvents"));
        Assert.Equal(Slo, Encoding.UTF8.GetString(Convert.FromBase64String(Data(one, "evaluation.sloFileContent"))));
        var results = one["data"]!["evaluation"]!["indicatorResults"]!.AsArray();
        Assert.Equal(["pass", "pass", "info"], results.Select(r => r!["status"]!.GetValue<string>()));
        Assert.Empty(await _server.OpenAsync("get-sli", Project));

        // 2: compared with the first.
        var second = await EvaluateAsync(_server, new { timeframe = "5m" });
        await ProvideAsync(_server, await OpenGetSliAsync(_server, second), ("response_time_p95", 300), ("throughput", 150), ("error_rate", 0));
        var two = await FinishedAsync(_server, second);
        Assert.Equal("pass", Data(two, "result"));
        Assert.Equal($"[\"{one["id"]!.GetValue<string>()}\"]", Data(two, "evaluation.comparedEvents"));
        Assert.Equal("200", Data(two, "evaluation.indicatorResults.0.value.comparedValue"));

        // The second is invalidated (Keptn: an evaluation.invalidated with the evaluation's triggeredid).
        await RunningServer.ReadAsync(await _server.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.evaluation.invalidated",
            ["source"] = "golang-test",
            ["shkeptncontext"] = second,
            ["triggeredid"] = two["triggeredid"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = Project, ["stage"] = Stage, ["service"] = Service },
        }.ToJsonString()));

        // 3: compared with the first again; 400 ms is above +75% of 200 ms but within the warning criteria.
        var third = await EvaluateAsync(_server, new { timeframe = "5m" });
        await ProvideAsync(_server, await OpenGetSliAsync(_server, third), ("response_time_p95", 400), ("throughput", 200), ("error_rate", 0));
        var three = await FinishedAsync(_server, third);
        Assert.Equal($"[\"{one["id"]!.GetValue<string>()}\"]", Data(three, "evaluation.comparedEvents"));
        Assert.Equal("warning", Data(three, "result"));
        Assert.Equal("75", Data(three, "evaluation.score"));
        Assert.Equal("Evaluation returned a warning: the calculated score of 75 is close to the warning target value of 75", Message(three));

        // 4: a warning is not a passing result (include_result_with_score: pass): still compared with the first; fails.
        var fourth = await EvaluateAsync(_server, new { timeframe = "5m" });
        await ProvideAsync(_server, await OpenGetSliAsync(_server, fourth), ("response_time_p95", 1200), ("throughput", 200), ("error_rate", 0));
        var four = await FinishedAsync(_server, fourth);
        Assert.Equal($"[\"{one["id"]!.GetValue<string>()}\"]", Data(four, "evaluation.comparedEvents"));
        Assert.Equal("fail", Data(four, "result"));
        Assert.Equal("Evaluation failed since the calculated score of 50 is below the warning value of 75", Message(four));
    }

    [Fact]
    public async Task NoSloFile_StillAsksTheProvider_ThenPassesWithKeptnsMessage()
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        var context = await EvaluateAsync(_server);
        var getSli = await OpenGetSliAsync(_server, context);
        Assert.Empty(getSli["data"]!["get-sli"]!["indicators"]!.AsArray());
        await ProvideAsync(_server, getSli);
        var finished = await FinishedAsync(_server, context);
        Assert.Equal("pass", Data(finished, "result"));
        Assert.Equal($"no evaluation performed by lighthouse because no SLO file configured for project {Project}", Message(finished));
    }

    [Theory]
    [InlineData("errored", "evaluation performed by lighthouse received an unexpected error: Prometheus is down")]
    [InlineData("aborted", "evaluation performed by lighthouse was aborted")]
    public async Task ProviderErroredOrAborted_FailsTheEvaluationAsErrored(string status, string message)
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);
        var context = await EvaluateAsync(_server);
        var getSli = await OpenGetSliAsync(_server, context);
        await AnswerAsync(_server, getSli, "started");
        await AnswerAsync(_server, getSli, "finished", new JsonObject { ["status"] = status, ["result"] = "fail", ["message"] = "Prometheus is down" });
        var finished = await FinishedAsync(_server, context);
        Assert.Equal("errored", Data(finished, "status"));
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal(message, Message(finished));
        // As Keptn: the evaluation details keep their initial result.
        Assert.Equal("pass", Data(finished, "evaluation.result"));
    }

    [Fact]
    public async Task ProviderFailedResult_ForcesFail_ButKeepsTheComputedEvaluation()
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);
        var context = await EvaluateAsync(_server);
        var getSli = await OpenGetSliAsync(_server, context);
        var request = getSli["data"]!["get-sli"]!;
        await AnswerAsync(_server, getSli, "finished", new JsonObject
        {
            ["result"] = "fail",
            ["message"] = "Some info",
            ["get-sli"] = new JsonObject
            {
                ["start"] = request["start"]!.DeepClone(),
                ["end"] = request["end"]!.DeepClone(),
                ["indicatorValues"] = new JsonArray(
                    new JsonObject { ["metric"] = "response_time_p95", ["value"] = 200, ["success"] = true },
                    new JsonObject { ["metric"] = "throughput", ["value"] = 200, ["success"] = true }),
            },
        });
        var finished = await FinishedAsync(_server, context);
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal("succeeded", Data(finished, "status"));
        Assert.Equal("lighthouse failed because SLI failed with message Some info", Message(finished));
        Assert.Equal("pass", Data(finished, "evaluation.result"));
    }

    [Theory]
    [InlineData("""{"indicatorValues": "none"}""", "Could not parse event payload: get-sli.indicatorValues is not a list")]
    [InlineData("""{"indicatorValues": [{"metric": "throughput", "value": "fast", "success": true}]}""", "Could not parse event payload: get-sli.indicatorValues[0].value is not a number")]
    [InlineData("""{"indicatorValues": [{"metric": 7, "value": 1, "success": true}]}""", "Could not parse event payload: get-sli.indicatorValues[0].metric is not a string")]
    [InlineData("""{"indicatorValues": [{"metric": "throughput", "value": 1, "success": "yes"}]}""", "Could not parse event payload: get-sli.indicatorValues[0].success is not a boolean")]
    [InlineData("\"wrong\"", "Could not parse event payload: get-sli is not an object")]
    public async Task WrongPayload_FromTheProvider_IsAnErroredEvaluation(string getSliJson, string message)
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);
        var context = await EvaluateAsync(_server);
        var getSli = await OpenGetSliAsync(_server, context);
        await AnswerAsync(_server, getSli, "finished", new JsonObject { ["get-sli"] = JsonNode.Parse(getSliJson) });
        var finished = await FinishedAsync(_server, context);
        Assert.Equal("errored", Data(finished, "status"));
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal(message, Message(finished));

        // Nothing else broke: the next evaluation runs.
        var next = await EvaluateAsync(_server);
        await ProvideAsync(_server, await OpenGetSliAsync(_server, next), ("response_time_p95", 200), ("throughput", 200));
        Assert.Equal("pass", Data(await FinishedAsync(_server, next), "result"));
    }

    [Fact]
    public async Task ProviderSendingOnlyStarted_LeavesTheEvaluationWaiting_UntilItFinishes()
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        await PutResourceAsync(_server, "slo.yaml", Slo);
        var context = await EvaluateAsync(_server);
        var getSli = await OpenGetSliAsync(_server, context);
        await AnswerAsync(_server, getSli, "started");
        await _server.WaitForAsync("sh.keptn.event.get-sli.started", context);

        // Keptn has no timeout between .started and .finished: the task stays open and visible to providers.
        var state = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/controlPlane/v1/sequence/{Project}?keptnContext={context}"));
        Assert.Equal("started", state["states"]![0]!["state"]!.GetValue<string>());
        Assert.Single(await _server.OpenAsync("get-sli", Project));
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.evaluation.finished", context));

        var request = getSli["data"]!["get-sli"]!;
        await AnswerAsync(_server, getSli, "finished", new JsonObject
        {
            ["get-sli"] = new JsonObject
            {
                ["start"] = request["start"]!.DeepClone(),
                ["end"] = request["end"]!.DeepClone(),
                ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "response_time_p95", ["value"] = 200, ["success"] = true }),
            },
        });
        var finished = await FinishedAsync(_server, context);
        // throughput never came: it fails with Keptn's message, the score is 1 of 2.
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal("no value received from SLI provider", Data(finished, "evaluation.indicatorResults.1.value.message"));
    }

    [Theory]
    [InlineData("objectives: [unclosed", "error retrieving SLO file: slo.yaml is not valid YAML", "errored")]
    [InlineData("objectives:\n  - sli: throughput\n    displayName: Throughput\n    pass: [{criteria: ['~600']}]\ntotal_score: {pass: '90%'}", "error with Throughput: criteria '~600'", "succeeded")]
    [InlineData("objectives:\n  - sli: throughput\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: 'most'}", "total_score.pass 'most' is not a percentage", "errored")]
    [InlineData("objectives:\n  - sli: throughput\n    pass: [{criteria: ['<600']}]", "no target score defined", "errored")]
    public async Task BrokenSloFile_StoredBeforeChecksExisted_GivesAFailedEvaluationNamingIt(string slo, string message, string status)
    {
        await CreateAsync(_server, provider: "my-sli-provider");
        StoreUnchecked(_server, "slo.yaml", slo);
        var context = await EvaluateAsync(_server);
        var finished = status == "errored" && message.StartsWith("error retrieving", StringComparison.Ordinal)
            ? await FinishedAsync(_server, context)
            : await ProvideThenFinishAsync(context);
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal(status, Data(finished, "status"));
        Assert.Contains(message, Message(finished));
    }

    private async Task<JsonObject> ProvideThenFinishAsync(string context)
    {
        await ProvideAsync(_server, await OpenGetSliAsync(_server, context), ("throughput", 100));
        return await FinishedAsync(_server, context);
    }

    [Fact]
    public async Task MonitoringConfigure_ForAnUnknownProject_IsStoredButConfiguresNothing()
    {
        await CreateAsync(_server, provider: null);
        var response = await _server.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.monitoring.configure",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = "ghost", ["type"] = "prometheus" },
        }.ToJsonString());
        await RunningServer.ReadAsync(response);
        var missingType = await _server.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.monitoring.configure",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = Project },
        }.ToJsonString());
        Assert.Equal(400, (int)missingType.StatusCode);
        var context = await EvaluateAsync(_server);
        Assert.Contains("no SLI-provider configured", Message(await FinishedAsync(_server, context)));
    }
}
