using System.Text.Json.Nodes;
using Bosun.ArgoCdSimulator.Notifications;

namespace Bosun.ArgoCdSimulator.Tests.Notifications;

public class NotificationsParsingTests
{
    private static readonly JsonNode App = JsonNode.Parse("""
        {"metadata":{"name":"a"},"status":{"sync":{"status":"Synced","revision":"r1"},"health":{"status":"Healthy"},
         "operationState":{"phase":"Succeeded","syncResult":{"revision":"r1"}}}}
        """)!;

    [Theory]
    [InlineData("app.status.sync.status == 'Synced'", true)]
    [InlineData("app.status.sync.status == 'OutOfSync'", false)]
    [InlineData("app.status.sync.status == 'Synced' and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'", true)]
    [InlineData("app.status.operationState.phase in ['Error', 'Failed']", false)]
    [InlineData("app.status.operationState != nil && app.status.health.status != 'Degraded'", true)]
    [InlineData("app.status.missing?.phase == nil", true)]
    [InlineData("not (app.status.sync.status == 'Synced') or false", false)]
    public void TriggerExpression_EvaluatesTheExprSubset(string expression, bool expected) =>
        Assert.Equal(expected, TriggerExpression.Evaluate(expression, App));

    [Fact]
    public void TriggerExpression_Value_ReadsAnOncePerPath() =>
        Assert.Equal("r1", TriggerExpression.Value("app.status.operationState?.syncResult?.revision", App));

    [Theory]
    [InlineData("app.status.sync.status == ", "ends too early")]
    [InlineData("time.Now() == nil", "unknown name 'time")]
    [InlineData("app.status.sync.status == 'open", "unterminated string")]
    [InlineData("app.status.sync.status ~ 'x'", "unexpected '~'")]
    public void TriggerExpression_OutsideTheSubset_IsAClearError(string expression, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => TriggerExpression.Evaluate(expression, App)).Message);

    [Fact]
    public void Config_SubstitutesSecretsInServices()
    {
        var config = NotificationsConfig.Parse("""
            data:
              service.webhook.keptn: |
                url: https://$keptn-api-hostname/api/v1/event
                headers:
                - name: x-token
                  value: $keptn-api-token
              trigger.on-x: |
                - when: app.status.sync.status == 'Synced'
                  send: [t]
                  oncePer: app.status.sync.revision
              template.t: |
                webhook:
                  keptn:
                    method: POST
                    body: "{}"
            """, new Dictionary<string, string> { ["keptn-api-hostname"] = "bosun:8080", ["keptn-api-token"] = "s3cret" });
        Assert.Equal("https://bosun:8080/api/v1/event", config.Services["keptn"].Url);
        Assert.Equal(("x-token", "s3cret"), config.Services["keptn"].Headers[0]);
        Assert.Equal("app.status.sync.revision", config.Triggers["on-x"][0].OncePer);
        Assert.Equal("POST", config.Templates["t"]["keptn"].Method);
    }

    [Theory]
    [InlineData("kind: ConfigMap", "no 'data'")]
    [InlineData("data: [", "not valid YAML")]
    [InlineData("data:\n  service.webhook.k: |\n    headers: []\n", "has no url")]
    [InlineData("data:\n  trigger.t: |\n    when: x\n", "must be a list")]
    [InlineData("data:\n  trigger.t: |\n    - send: [a]\n", "without 'when'")]
    public void Config_BadInput_NamesTheKey(string yaml, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => NotificationsConfig.Parse(yaml, new Dictionary<string, string>())).Message);
}
