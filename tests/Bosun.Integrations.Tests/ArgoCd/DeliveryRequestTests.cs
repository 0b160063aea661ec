using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Integrations.Tests.ArgoCd;

public sealed class DeliveryRequestTests
{
    private static KeptnEvent Triggered(JsonObject data) =>
        new("t-1", "shipyard-controller", "sh.keptn.event.deliver.triggered", "ctx", null, DateTimeOffset.UnixEpoch, data);

    private static JsonObject Data(JsonObject? deliver = null, string? appname = null) => new()
    {
        ["project"] = "podtato",
        ["stage"] = "dev",
        ["service"] = "web",
        ["labels"] = new JsonObject { ["version"] = "abc", ["appname"] = appname },
        ["deliver"] = deliver,
    };

    [Fact]
    public void Defaults_AppFromLabels_RevisionFromVersion_ThirtyMinutes()
    {
        var request = DeliveryRequest.Parse(Triggered(Data(appname: "podtato-app")), "deliver", out var problem);
        Assert.Null(problem);
        Assert.Equal(("podtato-app", "abc", null), (request.Application, request.Revision, request.ArgoProject));
        Assert.Equal(TimeSpan.FromMinutes(30), request.Timeout);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddMinutes(30), request.Deadline);
        Assert.True(request.Native);
    }

    [Fact]
    public void TaskProperties_WinOverLabels()
    {
        var deliver = new JsonObject { ["application"] = "named", ["argocdProject"] = "ortelius", ["timeout"] = "5m", ["degradedGrace"] = "10s" };
        var request = DeliveryRequest.Parse(Triggered(Data(deliver, appname: "from-label")), "deliver", out var problem);
        Assert.Null(problem);
        Assert.Equal(("named", "ortelius"), (request.Application, request.ArgoProject));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10)), (request.Timeout, request.DegradedGrace));
    }

    [Fact]
    public void NoAppNamed_LeavesMatchingByLabels() =>
        Assert.Null(DeliveryRequest.Parse(Triggered(Data()), "deliver", out _).Application);

    [Fact]
    public void ArgocdFalse_LeavesTheTaskToAnotherExecutor() =>
        Assert.False(DeliveryRequest.Parse(Triggered(Data(new JsonObject { ["argocd"] = false })), "deliver", out _).Native);

    [Theory]
    [InlineData("timeout", "soon")]
    [InlineData("degradedGrace", "-5s")]
    public void BadDuration_IsAProblemNamingTheProperty(string property, string value)
    {
        DeliveryRequest.Parse(Triggered(Data(new JsonObject { [property] = value })), "deliver", out var problem);
        Assert.Equal($"task property deliver.{property} '{value}' is not a duration such as 90s or 10m", problem);
    }

    [Theory]
    [InlineData("rollback", true, true)]
    [InlineData("sync", true, false)]
    [InlineData("scaling", false, false)]
    [InlineData(null, false, false)]
    public void RemediationAction_OnlyRollbackAndSyncAreArgoCds_AndActOnWhatRunsNow(string? action, bool native, bool rollback)
    {
        var data = Data(appname: "podtato-app");
        data["action"] = new JsonObject { ["name"] = "Fix it", ["action"] = action, ["value"] = 1 };
        var triggered = Triggered(data) with { Type = "sh.keptn.event.action.triggered" };
        var request = DeliveryRequest.Parse(triggered, "action", out var problem);
        Assert.Null(problem);
        Assert.Equal((native, rollback, native ? action : null), (request.Native, request.IsRollback, request.Action));
        Assert.Equal(native ? action : null, DeliveryRequest.BuiltInAction(triggered));
        // labels.version names the delivery the problem came from, not a revision to act on.
        Assert.Null(request.Revision);
    }

    [Fact]
    public void RemediationAction_WithArgocdFalse_IsLeftToOthers()
    {
        var data = Data();
        data["action"] = new JsonObject { ["action"] = "rollback", ["argocd"] = false };
        var triggered = Triggered(data) with { Type = "sh.keptn.event.action.triggered" };
        Assert.Null(DeliveryRequest.BuiltInAction(triggered));
        Assert.False(DeliveryRequest.Parse(triggered, "action", out _).Native);
    }
}
