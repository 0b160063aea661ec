using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Bosun.Server.Tests.Approvals;

/// <summary>The built-in approval-service (spec/keptn.md §3.10) and Bosun's approve/decline endpoint.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private static string Shipyard(string pass, string warning) => $$"""
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: approvals}
        spec:
          stages:
            - name: prod
              sequences:
                - name: delivery
                  tasks:
                    - name: test
                    - name: approval
                      properties: {pass: {{pass}}, warning: {{warning}}}
                    - name: release
                - name: gate
                  tasks:
                    - name: approval
                      properties: {pass: {{pass}}, warning: {{warning}}}
                    - name: release
        """;

    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        await _server.CreateProjectAsync("auto", Shipyard("automatic", "automatic"), "web");
        await _server.CreateProjectAsync("manual", Shipyard("manual", "manual"), "web", "api");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Starts delivery and answers its test task with <paramref name="result"/>; returns the context.</summary>
    private async Task<string> TestedAsync(string project, string result, string service = "web")
    {
        var context = await _server.TriggerAsync(project, "prod", "delivery", service, "1.0." + Guid.NewGuid().ToString("N")[..6]);
        var test = await _server.WaitForAsync("sh.keptn.event.test.triggered", context);
        await _server.AnswerAsync(test, result);
        return context;
    }

    private async Task<JsonObject> ApprovalFinishedAsync(string context) => await _server.WaitForAsync("sh.keptn.event.approval.finished", context);

    private static string Data(JsonObject evt, string key) => evt["data"]![key]!.GetValue<string>();

    [Theory]
    [InlineData("pass")]
    [InlineData("warning")]
    public async Task Automatic_ApprovesAtOnce_AndTheSequenceGoesOn(string result)
    {
        var context = await TestedAsync("auto", result);
        var started = await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        Assert.Equal($"Approval strategy for result '{result}': automatic", Data(started, "message"));
        var finished = await ApprovalFinishedAsync(context);
        Assert.Equal("approval-service", finished["source"]!.GetValue<string>());
        Assert.Equal("pass", Data(finished, "result"));
        await _server.WaitForAsync("sh.keptn.event.release.triggered", context);
    }

    [Fact]
    public async Task FailingResult_IsDeclinedAtOnce_EvenWhenManual()
    {
        // A sequence started with a failing result (as one chained on a failed stage carries it) reaches approval first.
        var evt = new JsonObject
        {
            ["type"] = "sh.keptn.event.prod.gate.triggered",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = "manual", ["stage"] = "prod", ["service"] = "web", ["result"] = "fail" },
        };
        var context = (await RunningServer.ReadAsync(await _server.PostEventAsync(evt.ToJsonString())))["keptnContext"]!.GetValue<string>();
        var started = await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        Assert.Equal("Approval strategy for result 'fail': automatic", Data(started, "message"));
        var finished = await ApprovalFinishedAsync(context);
        Assert.Equal("fail", Data(finished, "result"));
        Assert.Equal("declined automatically: the previous task's result is 'fail'", Data(finished, "message"));
        var sequence = await _server.WaitForAsync("sh.keptn.event.prod.gate.finished", context);
        Assert.Equal("fail", sequence["data"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task EvaluationResult_DecidesWhenThereIsNoResult()
    {
        var evt = new JsonObject
        {
            ["type"] = "sh.keptn.event.prod.gate.triggered",
            ["source"] = "test",
            ["data"] = new JsonObject { ["project"] = "auto", ["stage"] = "prod", ["service"] = "web", ["evaluation"] = new JsonObject { ["result"] = "warning" } },
        };
        var context = (await RunningServer.ReadAsync(await _server.PostEventAsync(evt.ToJsonString())))["keptnContext"]!.GetValue<string>();
        var started = await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        Assert.Equal("Approval strategy for result 'warning': automatic", Data(started, "message"));
        Assert.Equal("pass", Data(await ApprovalFinishedAsync(context), "result"));
    }

    [Fact]
    public async Task Manual_WaitsForAPerson_WhoApprovesWithAComment()
    {
        var context = await TestedAsync("manual", "pass");
        var started = await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        Assert.Equal("Approval strategy for result 'pass': manual", Data(started, "message"));
        var state = await RunningServer.ReadAsync(await _server.Client.GetAsync($"/api/controlPlane/v1/sequence/manual?keptnContext={context}"));
        Assert.Equal("waitingForApproval", state["states"]![0]!["state"]!.GetValue<string>());
        var open = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/approvals?project=manual"));
        var waiting = Assert.Single(open["approvals"]!.AsArray())!;
        Assert.Equal("pass", waiting["result"]!.GetValue<string>());
        Assert.Equal("manual", waiting["strategy"]!.GetValue<string>());
        var id = waiting["triggeredId"]!.GetValue<string>();

        var answer = await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{id}", new { decision = "approve", by = "alice", comment = "load test looked fine" });
        Assert.Equal(context, (await RunningServer.ReadAsync(answer))["keptnContext"]!.GetValue<string>());
        var finished = await ApprovalFinishedAsync(context);
        Assert.Equal("pass", Data(finished, "result"));
        Assert.Equal("approved by alice: load test looked fine", Data(finished, "message"));
        Assert.Equal("alice", finished["data"]!["approval"]!["by"]!.GetValue<string>());
        Assert.NotNull(finished["data"]!["approval"]!["time"]);
        await _server.WaitForAsync("sh.keptn.event.release.triggered", context);

        // A second answer to the same task is refused, naming the first.
        var again = await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{id}", new { decision = "decline" });
        Assert.Contains("was already answered: pass (approved by alice: load test looked fine)", await RunningServer.ErrorAsync(again, 409));
        Assert.Empty((await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/approvals?project=manual")))["approvals"]!.AsArray());
    }

    [Fact]
    public async Task Manual_Declined_EndsTheSequenceFailed()
    {
        var context = await TestedAsync("manual", "warning");
        var triggered = await _server.WaitForAsync("sh.keptn.event.approval.triggered", context);
        await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        var answer = await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{triggered["id"]!.GetValue<string>()}", new { decision = "decline", by = "bob" });
        Assert.Equal("fail", (await RunningServer.ReadAsync(answer))["result"]!.GetValue<string>());
        var sequence = await _server.WaitForAsync("sh.keptn.event.prod.delivery.finished", context);
        Assert.Equal("fail", sequence["data"]!["result"]!.GetValue<string>());
        Assert.Empty(await _server.EventsAsync("sh.keptn.event.release.triggered", context));
    }

    [Fact]
    public async Task KeptnsWay_PostingApprovalFinished_AlsoAnswers()
    {
        var context = await TestedAsync("manual", "pass");
        var triggered = await _server.WaitForAsync("sh.keptn.event.approval.triggered", context);
        await _server.WaitForAsync("sh.keptn.event.approval.started", context);
        await RunningServer.ReadAsync(await _server.PostEventAsync(new JsonObject
        {
            ["type"] = "sh.keptn.event.approval.finished",
            ["source"] = "https://github.com/keptn/keptn/bridge#approval.finished",
            ["triggeredid"] = triggered["id"]!.GetValue<string>(),
            ["data"] = new JsonObject { ["project"] = "manual", ["stage"] = "prod", ["service"] = "web", ["status"] = "succeeded", ["result"] = "pass" },
        }.ToJsonString()));
        await _server.WaitForAsync("sh.keptn.event.release.triggered", context);
    }

    [Fact]
    public async Task AWaitingApproval_DoesNotBlockAnotherService()
    {
        var waiting = await TestedAsync("manual", "pass", "web");
        await _server.WaitForAsync("sh.keptn.event.approval.started", waiting);
        var other = await TestedAsync("manual", "pass", "api");
        await _server.WaitForAsync("sh.keptn.event.approval.started", other);
        var open = await RunningServer.ReadAsync(await _server.Client.GetAsync("/api/bosun/v1/approvals?project=manual"));
        Assert.Equal(2, open["approvals"]!.AsArray().Count);
    }

    [Fact]
    public async Task BadAnswers_AreRefusedWithTheReason()
    {
        Assert.Contains("no approval task has triggeredid nope", await RunningServer.ErrorAsync(
            await _server.Client.PostAsJsonAsync("/api/bosun/v1/approvals/nope", new { decision = "approve" }), 404));
        var context = await TestedAsync("auto", "pass");
        var finished = await ApprovalFinishedAsync(context);
        var id = finished["triggeredid"]!.GetValue<string>();
        Assert.Contains("decision must be \"approve\" or \"decline\"", await RunningServer.ErrorAsync(
            await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{id}", new { decision = "maybe" }), 400));
        Assert.Contains("by must be a string", await RunningServer.ErrorAsync(
            await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{id}", new { decision = "approve", by = 7 }), 400));
        Assert.Contains("was already answered: pass (approved automatically", await RunningServer.ErrorAsync(
            await _server.Client.PostAsJsonAsync($"/api/bosun/v1/approvals/{id}", new { decision = "decline" }), 409));
    }
}
