using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.TestKit;

namespace Bosun.Server.Tests.Api;

public sealed class EventEndpointsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("podtato", Shipyards.TwoStages, "web");
        await _server.CreateProjectAsync("argo", Shipyards.Minimal, "web");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<long> EventCountAsync()
    {
        var body = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?pageSize=1"));
        return body["totalCount"]!.GetValue<long>();
    }

    [Fact]
    public async Task PostEvent_SequenceTriggered_AnswersContextAndOpensFirstTask()
    {
        var ctx = await _server.TriggerAsync("podtato", "dev", "delivery", "web");
        Assert.True(Guid.TryParse(ctx, out _));
        var open = Assert.Single(await _server.OpenAsync("deployment", "podtato"));
        Assert.Equal(ctx, open!["shkeptncontext"]!.GetValue<string>());
        Assert.Equal("direct", open["data"]!["deployment"]!["deploymentstrategy"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvent_ClientIdAndContext_AreKept_AndRepeatIsAcceptedOnce_DesignDecision1()
    {
        const string body = """{"id":"argo-1","type":"sh.keptn.event.dev.artifact-delivery.triggered","source":"argocd","shkeptncontext":"sync-podtato-42","data":{"project":"argo","stage":"dev","service":"web"}}""";
        var first = await RunningServer.ReadAsync(await _server.PostEventAsync(body));
        var before = await EventCountAsync();
        var second = await RunningServer.ReadAsync(await _server.PostEventAsync(body));
        Assert.Equal(first["keptnContext"]!.ToString(), second["keptnContext"]!.ToString());
        Assert.Equal(before, await EventCountAsync());
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?eventID=argo-1"));
        Assert.Equal(1, stored["totalCount"]!.GetValue<int>());
        Assert.True(Guid.TryParse(first["keptnContext"]!.ToString(), out _));
        Assert.Single(await _server.OpenAsync("deliver", "argo"));
    }

    [Fact]
    public async Task PostEvent_OriginalArgoDeployedTemplate_WithTrailingCommaAndNoStatus_CompletesTheTask_DesignDecision2()
    {
        var ctx = await _server.TriggerAsync("argo", "dev", "artifact-delivery", "web", "tpl");
        var deliver = Assert.Single(await _server.OpenAsync("deliver", "argo"))!;
        var id = deliver["id"]!.GetValue<string>();
        await RunningServer.ReadAsync(await _server.PostEventAsync(
            "{\"type\":\"sh.keptn.event.deliver.started\",\"source\":\"webhook-service\",\"triggeredid\":\"" + id + "\",\"shkeptncontext\":\"" + ctx + "\",\"data\":{\"project\":\"argo\",\"stage\":\"dev\",\"service\":\"web\"}}"));
        // keptn-deployed renders every operation.info entry as a top-level attribute and leaves a trailing comma.
        var deployed = $$"""
            {
              "type": "sh.keptn.event.deliver.finished",
              "specversion": "1.0",
              "source": "argocd",
              "id": "argo-op-77",
              "contenttype": "application/json",
              "data": {"project": "argo", "service": "web", "stage": "dev", "result": "pass"},
              "triggeredid": "{{id}}",
              "shkeptncontext": "{{ctx}}",
            }
            """;
        await RunningServer.ReadAsync(await _server.PostEventAsync(deployed));
        var finished = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/mongodb-datastore/event?keptnContext={ctx}&type=sh.keptn.event.dev.artifact-delivery.finished"));
        var data = finished["events"]![0]!["data"]!;
        Assert.Equal("pass", data["result"]!.GetValue<string>());
        Assert.Equal("succeeded", data["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEvent_BinaryMode_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/event")
        {
            Content = new StringContent("""{"project":"podtato","stage":"prod","service":"web"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", "sh.keptn.event.prod.delivery.triggered");
        request.Headers.Add("ce-source", "binary-client");
        request.Headers.Add("ce-id", "bin-1");
        var body = await RunningServer.ReadAsync(await _server.Client.SendAsync(request));
        var stored = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event?eventID=bin-1"));
        Assert.Equal(body["keptnContext"]!.ToString(), stored["events"]![0]!["shkeptncontext"]!.ToString());
        Assert.Equal("binary-client", stored["events"]![0]!["source"]!.ToString());
    }

    [Fact]
    public async Task PostEvent_TaskAnswersOverHttp_CompleteTheSequence()
    {
        var ctx = await _server.TriggerAsync("argo", "dev", "artifact-delivery", "web", "http");
        await _server.AnswerAsync(Assert.Single(await _server.OpenAsync("deliver", "argo"))!);
        Assert.Empty(await _server.OpenAsync("deliver", "argo"));
        var states = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/controlPlane/v1/sequence/argo?keptnContext={ctx}"));
        Assert.Equal("finished", states["states"]![0]!["state"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{not json", 400, "not valid JSON")]
    [InlineData("[1,2]", 400, "JSON object")]
    [InlineData("""{"source":"s","data":{}}""", 400, "'type' is missing")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","data":{}}""", 400, "'source' is missing")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","source":"s"}""", 400, "'data' is missing")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","source":"s","data":"text"}""", 400, "'data' must be a JSON object")]
    [InlineData("""{"type":"com.example.other","source":"s","data":{}}""", 400, "unknown event type")]
    [InlineData("""{"type":"sh.keptn.event.deployment.status.changed","source":"s","data":{}}""", 400, "unknown event type action: changed")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.finished","source":"s","data":{"project":"podtato","stage":"dev","service":"web"}}""", 400, "must be .triggered")]
    [InlineData("""{"type":"sh.keptn.event.deployment.triggered","source":"s","data":{"project":"podtato","stage":"dev","service":"web"}}""", 400, "sent by Bosun's engine")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","source":"s","data":{"project":"podtato","stage":"prod","service":"web"}}""", 400, "does not match")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","source":"s","data":{"project":"podtato","stage":"dev"}}""", 400, "data.service")]
    [InlineData("""{"type":"sh.keptn.event.deployment.started","source":"s","data":{"stage":"dev","service":"web"}}""", 400, "data.project")]
    [InlineData("""{"type":"sh.keptn.event.deployment.finished","source":"s","triggeredid":"x","data":{"project":"podtato","stage":"dev","service":"web","status":"succeeded"}}""", 400, "result field is not set")]
    [InlineData("""{"type":"sh.keptn.event.deployment.finished","source":"s","triggeredid":"x","data":{"project":"podtato","stage":"dev","service":"web","result":"great"}}""", 400, "data.result 'great'")]
    [InlineData("""{"type":"sh.keptn.event.deployment.finished","source":"s","triggeredid":"nope","data":{"project":"podtato","stage":"dev","service":"web","result":"pass"}}""", 400, "does not match an open task")]
    [InlineData("""{"type":"sh.keptn.event.deployment.started","source":"s","data":{"project":"podtato","stage":"prod","service":"web"}}""", 400, "no open deployment task")]
    [InlineData("""{"type":"sh.keptn.event.dev.delivery.triggered","source":"s","data":{"project":"ghost","stage":"dev","service":"web"}}""", 404, "project 'ghost' does not exist")]
    [InlineData("""{"type":"sh.keptn.event.monitoring.configure","source":"s","data":{"project":"podtato"}}""", 400, "data.type")]
    [InlineData("""{"id":42,"type":"sh.keptn.event.dev.delivery.triggered","source":"s","data":{"project":"podtato","stage":"dev","service":"web"}}""", 400, "'id' must be a string")]
    public async Task PostEvent_BadInput_IsRejectedWithReason_AndNothingIsStored(string body, int code, string expected)
    {
        var before = await EventCountAsync();
        var message = await RunningServer.ErrorAsync(await _server.PostEventAsync(body), code);
        Assert.Contains(expected, message);
        Assert.Equal(before, await EventCountAsync());
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task PostEvent_OverSizeLimit_Is413()
    {
        var big = new string('x', 70 * 1024);
        var message = await RunningServer.ErrorAsync(await _server.PostEventAsync("{\"type\":\"sh.keptn.log.error\",\"source\":\"s\",\"data\":{\"message\":\"" + big + "\"}}"), 413);
        Assert.Contains("64 KiB", message);
    }

    [Fact]
    public async Task Auth_MissingOrWrongToken_Is401_HealthAndMetricsAreOpen()
    {
        Assert.Equal("unauthenticated or invalid credentials", await RunningServer.ErrorAsync(await _server.Anonymous.PostAsync("/api/v1/auth", null), 401));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/controlPlane/v1/project");
        wrong.Headers.Add("x-token", "test-tokeN");
        await RunningServer.ErrorAsync(await _server.Anonymous.SendAsync(wrong), 401);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.PostAsync("/api/v1/auth", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous.GetAsync("/health")).StatusCode);
        var metrics = PrometheusText.Parse(await (await _server.Anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync());
        Assert.True(PrometheusText.Sum(metrics, "bosun_events_ingested_total", ("type", "sh.keptn.event.project.create.finished")) >= 1);
        Assert.Contains(metrics, s => s.Name == "bosun_sequences_active" && s.Labels["state"] == "started");
        Assert.Contains(metrics, s => s.Name == "http_server_request_duration_seconds_count");
    }

    [Fact]
    public async Task Metadata_AnswersKeptnShape()
    {
        var body = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/v1/metadata"));
        Assert.Equal("1.4.5", body["keptnversion"]!.GetValue<string>());
        Assert.False(body["automaticprovisioning"]!.GetValue<bool>());
    }

    [Fact]
    public async Task UnknownPath_IsJson404() =>
        Assert.Contains("no such endpoint", await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/v2/nothing"), 404));

    [Fact]
    public async Task SequenceFinishedEvent_IsQueryableByTypeFilter()
    {
        await _server.TriggerAsync("argo", "dev", "artifact-delivery", "web", "q");
        await _server.AnswerAsync(Assert.Single(await _server.OpenAsync("deliver", "argo"))!, "warning");
        var page = await RunningServer.ReadAsync(await _server.Client.GetAsync(
            "/api/mongodb-datastore/event/type/sh.keptn.event.deliver.finished?filter=data.project:argo AND data.stage:dev AND data.service:web AND data.result:pass,warning&excludeInvalidated=true&limit=5"));
        var events = (JsonArray)page["events"]!;
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Contains(e!["data"]!["result"]!.GetValue<string>(), new[] { "pass", "warning" }));
        await RunningServer.ErrorAsync(await _server.Client.GetAsync("/api/mongodb-datastore/event/type/x?filter=data.color:red"), 400);
    }
}
