using Bosun.TestKit;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary>trigger, --watch, approve/decline, sequence control, evaluate and get event, run as the real binary.</summary>
public sealed class CliSequenceTests(CliServer bosun) : IClassFixture<CliServer>
{
    private async Task ProjectAsync(string name)
    {
        var created = await bosun.RunAsync("create", "project", name, "--shipyard", bosun.File(name + ".yaml", CliServer.Shipyard(name)));
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, (await bosun.RunAsync("create", "service", "web", "--project", name)).ExitCode);
    }

    [Fact]
    public async Task TriggerDeliveryWatch_FollowsBothStagesToTheEnd_ExitZero()
    {
        await ProjectAsync("watched");
        var run = await bosun.RunAsync("trigger", "delivery", "--project", "watched", "--service", "web", "--image", "ghcr.io/acme/web:1.2.3", "--watch");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Started sh.keptn.event.dev.delivery.triggered (keptnContext ", lines[0]);
        // Task by task, in order, through both stages.
        var order = new[] { "dev.delivery.triggered", "evaluation.triggered", "evaluation.finished pass", "dev.delivery.finished pass", "prod.delivery.triggered", "prod.delivery.finished pass" };
        var positions = order.Select(o => Array.FindIndex(lines, 1, l => l.Contains(o, StringComparison.Ordinal))).ToArray();
        Assert.True(positions.All(p => p > 0) && positions.SequenceEqual(positions.Order()), run.Out);
        Assert.Matches(@"ended finished: passed$", lines[^1]);
        // Colours are for terminals: piped output carries no escape codes.
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal);
        var events = (await bosun.RunAsync("get", "event", "--project", "watched", "--type", "sh.keptn.event.dev.delivery.triggered", "-o", "json")).Json();
        var data = events["events"]![0]!["data"]!;
        Assert.Equal(("1.2.3", "ghcr.io/acme/web:1.2.3"), (data["labels"]!["version"]!.GetValue<string>(), data["configurationChange"]!["values"]!["image"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TriggerSequenceWatch_OnAFailingSequence_ExitsSix()
    {
        await ProjectAsync("failing");
        // No remediation.yaml: get-action is errored and the sequence fails.
        var run = await bosun.RunAsync("trigger", "sequence", "remediation", "--project", "failing", "--stage", "dev", "--service", "web",
            "--data", """{"problem":{"problemTitle":"Disk full","rootCause":""}}""", "--watch");
        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("get-action.finished fail/errored Could not get remediation.yaml file for services web in stage dev.", run.Out);
        Assert.Matches(@"ended finished: failed\n$", run.Out);
    }

    [Fact]
    public async Task TriggerSequenceWatch_OfASequenceTheShipyardLacks_ShowsWhyAndExitsSix()
    {
        await ProjectAsync("nosuch");
        var run = await bosun.RunAsync("trigger", "sequence", "hotfix", "--project", "nosuch", "--stage", "dev", "--service", "web", "--watch");
        Assert.True(run.ExitCode == 6, run.ToString());
        Assert.Contains("dev.hotfix.finished fail/errored Unable to start sequence hotfix: sequence hotfix is not defined in stage dev", run.Out);
    }

    [Fact]
    public async Task WatchAsJson_PrintsTheContextsEventsOnceItEnds()
    {
        await ProjectAsync("jsonwatch");
        var run = await bosun.RunAsync("trigger", "sequence", "delivery", "--project", "jsonwatch", "--stage", "dev", "--service", "web", "--labels", "version=7,team=a", "--watch", "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(("finished", false), (json["state"]!.GetValue<string>(), json["failed"]!.GetValue<bool>()));
        Assert.Contains("sh.keptn.event.prod.delivery.finished", json["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("a", json["events"]![0]!["data"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_FollowsAContextOfMoreThanOnePage()
    {
        // 40 automatic approvals: over 120 events, more than one page of the event API.
        var tasks = string.Concat(Enumerable.Range(0, 40).Select(_ => "\n            - name: approval\n              properties: {pass: automatic}"));
        var shipyard = $"apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: {{name: long}}\nspec:\n  stages:\n    - name: dev\n      sequences:\n        - name: long\n          tasks:{tasks}\n";
        Assert.Equal(0, (await bosun.RunAsync("create", "project", "long", "--shipyard", bosun.File("long.yaml", shipyard))).ExitCode);
        Assert.Equal(0, (await bosun.RunAsync("create", "service", "web", "--project", "long")).ExitCode);
        var run = await bosun.RunAsync("trigger", "sequence", "long", "--project", "long", "--stage", "dev", "--service", "web", "--data", """{"result":"pass"}""", "--watch", "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var watched = run.Json()["events"]!.AsArray();
        var stored = (await bosun.RunAsync("get", "event", "--project", "long", "--context", run.Json()["keptnContext"]!.GetValue<string>(), "--limit", "1", "-o", "json")).Json();
        Assert.True(watched.Count > 120, $"{watched.Count} events");
        Assert.Equal(stored["totalCount"]!.GetValue<int>(), watched.Count);
        Assert.Equal(watched.Count, watched.Select(e => e!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal("sh.keptn.event.dev.long.triggered", watched[0]!["type"]!.GetValue<string>());
        Assert.Equal("sh.keptn.event.dev.long.finished", watched[^1]!["type"]!.GetValue<string>());
        // Watching it after the fact reads every page at once.
        var late = await bosun.RunAsync("get", "sequence", "--project", "long", "--context", run.Json()["keptnContext"]!.GetValue<string>(), "--watch", "-o", "json");
        Assert.Equal(watched.Select(e => e!["id"]!.GetValue<string>()), late.Json()["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
    }

    private async Task<(string Context, string TriggeredId)> WaitingApprovalAsync(string project)
    {
        var started = await bosun.RunAsync("trigger", "sequence", "gated", "--project", project, "--stage", "dev", "--service", "web", "-o", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var context = started.Json()["keptnContext"]!.GetValue<string>();
        var open = await Eventually.Found(
            async () => (await bosun.RunAsync("approve", "--project", project, "-o", "json")).Json()["approvals"]!.AsArray().FirstOrDefault(a => a!["keptnContext"]!.GetValue<string>() == context),
            TimeSpan.FromSeconds(20),
            "the approval opening");
        return (context, open["triggeredId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_ListsThenAnswers_WithWhoAndWhy_ASecondAnswerIsRefused()
    {
        await ProjectAsync("gate");
        var (context, id) = await WaitingApprovalAsync("gate");
        var table = await bosun.RunAsync("approve", "--project", "gate");
        Assert.Contains(id, table.Out);
        Assert.Contains("Answer one: bosun approve <triggered id>", table.Out);

        var approved = await bosun.RunAsync("approve", id, "--by", "alice", "--comment", "ticket 42");
        Assert.Equal((0, $"Approved {id} (keptnContext {context})\n"), (approved.ExitCode, approved.Out));
        var finished = (await bosun.RunAsync("get", "event", "--project", "gate", "--context", context, "--type", "sh.keptn.event.approval.finished", "-o", "json")).Json();
        Assert.Equal("approved by alice: ticket 42", finished["events"]![0]!["data"]!["message"]!.GetValue<string>());

        var again = await bosun.RunAsync("decline", id);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith($"bosun decline: approval {id} was already answered: pass (approved by alice: ticket 42)", again.Err);
        var none = await bosun.RunAsync("approve", "--project", "gate");
        Assert.Equal("No open approvals.\n", none.Out);
    }

    [Fact]
    public async Task Decline_FailsTheSequence_AndWatchSaysSo()
    {
        await ProjectAsync("declined");
        var (context, id) = await WaitingApprovalAsync("declined");
        var declined = await bosun.RunAsync("decline", id, "--comment", "freeze");
        Assert.Equal(0, declined.ExitCode);
        var watch = await bosun.RunAsync("get", "sequence", "--project", "declined", "--context", context, "--watch");
        Assert.Equal(6, watch.ExitCode);
        Assert.Contains("approval.finished fail", watch.Out);
    }

    [Fact]
    public async Task SequenceControl_PausesResumesAndAborts()
    {
        await ProjectAsync("control");
        var (context, _) = await WaitingApprovalAsync("control");
        Assert.Equal((0, $"Paused {context}\n"), ((await bosun.RunAsync("sequence", "pause", "--project", "control", "--context", context)) is var p ? (p.ExitCode, p.Out) : default));
        Assert.Contains("paused", (await bosun.RunAsync("get", "sequence", "--project", "control", "--context", context)).Out);
        Assert.Equal(0, (await bosun.RunAsync("sequence", "resume", "--project", "control", "--context", context)).ExitCode);
        Assert.Equal(0, (await bosun.RunAsync("sequence", "abort", "--project", "control", "--context", context)).ExitCode);
        var state = (await bosun.RunAsync("get", "sequence", "--project", "control", "--context", context, "-o", "json")).Json();
        Assert.Equal("aborted", state["states"]![0]!["state"]!.GetValue<string>());
        var watch = await bosun.RunAsync("get", "sequence", "--project", "control", "--context", context, "--watch");
        Assert.Equal(6, watch.ExitCode);
        var unknown = await bosun.RunAsync("sequence", "abort", "--project", "control", "--context", "00000000-0000-0000-0000-000000000000");
        Assert.Equal(3, unknown.ExitCode);
        var neverWatched = await bosun.RunAsync("get", "sequence", "--project", "control", "--context", "00000000-0000-0000-0000-000000000000", "--watch");
        Assert.Equal((3, "bosun get sequence: no sequence with keptnContext 00000000-0000-0000-0000-000000000000 in project control\n"), (neverWatched.ExitCode, neverWatched.Err));
    }

    [Fact]
    public async Task TriggerEvaluation_ThenEvaluate_ShowsTheVerdict()
    {
        await ProjectAsync("gates");
        var run = await bosun.RunAsync("trigger", "evaluation", "--project", "gates", "--stage", "dev", "--service", "web", "--timeframe", "5m", "--watch");
        Assert.True(run.ExitCode == 0, run.ToString());
        var context = run.Out.Split('\n').First(l => l.Contains("ended finished", StringComparison.Ordinal)).Split(' ')[1];
        var shown = await bosun.RunAsync("evaluate", "--project", "gates", "--context", context);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("OBJECTIVE", shown.Out);
        Assert.Contains("Result: pass", shown.Out);
        Assert.Contains("no SLI-provider configured for project gates", shown.Out);
        var json = (await bosun.RunAsync("evaluate", "--project", "gates", "--context", context, "-o", "json")).Json();
        Assert.Equal("lighthouse-service", json["source"]!.GetValue<string>());
        var none = await bosun.RunAsync("evaluate", "--project", "gates", "--context", "00000000-0000-0000-0000-000000000000");
        Assert.Equal((3, "bosun evaluate: no finished evaluation found in project gates with keptnContext 00000000-0000-0000-0000-000000000000\n"), (none.ExitCode, none.Err));
    }

    [Fact]
    public async Task GetEvent_TableAndJson()
    {
        await ProjectAsync("events");
        var started = (await bosun.RunAsync("trigger", "delivery", "--project", "events", "--service", "web", "--version", "3", "-o", "json")).Json();
        var context = started["keptnContext"]!.GetValue<string>();
        var table = await bosun.RunAsync("get", "event", "--project", "events", "--context", context, "--limit", "1");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("TYPE", table.Out);
        var json = (await bosun.RunAsync("get", "event", "--project", "events", "--context", context, "-o", "json")).Json();
        Assert.All(json["events"]!.AsArray(), e => Assert.Equal(context, e!["shkeptncontext"]!.GetValue<string>()));
        var sequences = (await bosun.RunAsync("get", "sequence", "--project", "events", "-o", "json")).Json();
        Assert.Contains(context, sequences["states"]!.AsArray().Select(s => s!["shkeptncontext"]!.GetValue<string>()));
    }
}
