using System.Text.Json.Nodes;
using Bosun.Core.Remediation;

namespace Bosun.Core.Tests.Remediation;

public sealed class AlertmanagerAlertTests
{
    private static JsonObject Notification(string alert) => JsonNode.Parse($$"""{"version":"4","status":"firing","alerts":[{{alert}}]}""")!.AsObject();

    private const string Where = "\"project\":\"podtato\",\"stage\":\"production\",\"service\":\"web\"";

    [Fact]
    public void SummaryIsTheTitle_AlertNameTheRootCause_AsKeptnsPrometheusServiceRead()
    {
        var alerts = AlertmanagerAlert.Parse(Notification($$$"""
            {"status":"firing","fingerprint":"f1","startsAt":"2026-11-26T10:00:00Z","generatorURL":"http://p/graph",
             "labels":{{{{Where}}},"alertname":"HighLatency","pod_name":"web-1"},
             "annotations":{"summary":"Response time degradation","description":"p95 above 500ms"}}
            """), out var error);
        Assert.Null(error);
        var alert = Assert.Single(alerts);
        Assert.Equal(("podtato", "production", "web"), (alert.Project, alert.Stage, alert.Service));
        Assert.Equal(("Response time degradation", "HighLatency"), (alert.ProblemTitle, alert.RootCause));
        Assert.Equal("f1/2026-11-26T10:00:00Z", alert.Occurrence);
        var data = alert.RemediationData();
        Assert.Equal("""{"state":"OPEN","problemID":"f1","problemTitle":"Response time degradation","rootCause":"HighLatency","problemDetails":{"problemDetails":"p95 above 500ms"},"problemURL":"http://p/graph","impactedEntity":"web-1"}""",
            data["problem"]!.ToJsonString());
        Assert.Equal("""{"alertFingerprint":"f1","alertname":"HighLatency"}""", data["labels"]!.ToJsonString());
        Assert.Equal("RESOLVED", alert.ResolvedData()["state"]!.GetValue<string>());
    }

    [Fact]
    public void NoSummary_TitleIsTheAlertName_AnnotatedRootCauseWins()
    {
        var alert = Assert.Single(AlertmanagerAlert.Parse(Notification($$$"""
            {"status":"resolved","fingerprint":"f1","labels":{{{{Where}}},"alertname":"PodCrashLooping"},"annotations":{"rootCause":"Out of memory"}}
            """), out _));
        Assert.Equal(("PodCrashLooping", "Out of memory", false), (alert.ProblemTitle, alert.RootCause, alert.IsFiring));
    }

    [Theory]
    [InlineData("""{"status":"firing","fingerprint":"f","labels":{}}""", "alerts[0].labels has no project, stage, service: Bosun needs the labels project, stage and service to start a remediation")]
    [InlineData("""{"status":"firing","fingerprint":"f","labels":{"project":"p","stage":"","service":"s"}}""", "alerts[0].labels has no stage: Bosun needs the labels project, stage and service to start a remediation")]
    [InlineData("""{"status":"firing","fingerprint":"f","labels":{"project":1,"stage":"st","service":"s"}}""", "alerts[0].labels has no project: Bosun needs the labels project, stage and service to start a remediation")]
    [InlineData("""{"fingerprint":"f","labels":{}}""", "alerts[0].status must be 'firing' or 'resolved', not ''")]
    [InlineData("""{"status":"firing","fingerprint":"","labels":{}}""", "alerts[0].fingerprint is missing (Alertmanager sends one with every alert)")]
    public void UnusableAlert_IsAnErrorNamingTheField(string alert, string message)
    {
        Assert.Empty(AlertmanagerAlert.Parse(Notification(alert), out var error));
        Assert.Equal(message, error);
    }
}
