using Bosun.Core.Remediation;

namespace Bosun.Core.Tests.Remediation;

/// <summary>remediation.yaml as Keptn's remediation-service reads it (spec §7) and its choice of the next action.</summary>
public sealed class RemediationFileTests
{
    private const string File = """
        apiVersion: spec.keptn.sh/0.1.4
        kind: Remediation
        metadata: {name: carts}
        spec:
          remediations:
            - problemType: Response time degradation
              actionsOnOpen:
                - {name: Scale up, action: scaling, description: add a replica, value: 1}
                - {name: Roll back, action: rollback, description: previous revision}
            - problemType: high_cpu
              actionsOnOpen:
                - {name: Toggle feature, action: featuretoggle, value: {EnablePromotion: off}}
            - problemType: default
              actionsOnOpen:
                - {name: Sync, action: sync}
        """;

    [Theory]
    [InlineData("Response time degradation", "high_cpu", 0, "featuretoggle")]
    [InlineData("Response time degradation", "", 0, "scaling")]
    [InlineData("Response time degradation", null, 1, "rollback")]
    [InlineData("Something else", "unknown", 0, "sync")]
    public void NextAction_ByRootCause_ThenTitle_ThenDefault(string? title, string? rootCause, int index, string action) =>
        Assert.Equal(action, RemediationFile.Parse(File).NextAction(title, rootCause, index).Action);

    [Fact]
    public void ActionValues_KeepTheirShape() =>
        Assert.Equal("""{"EnablePromotion":"off"}""", RemediationFile.Parse(File).NextAction(null, "high_cpu", 0).Value!.ToJsonString());

    [Theory]
    [InlineData("Response time degradation", null, 2, "there is no action with index 2 for problem title Response time degradation")]
    [InlineData(null, "high_cpu", 1, "there is no action with index 1 for root cause high_cpu")]
    public void IndexOutOfRange_IsKeptnsMessage(string? title, string? rootCause, int index, string message) =>
        Assert.Equal(message, Assert.Throws<RemediationException>(() => RemediationFile.Parse(File).NextAction(title, rootCause, index)).Message);

    [Fact]
    public void NoMatchingList_IsKeptnsMessage()
    {
        var file = RemediationFile.Parse("apiVersion: spec.keptn.sh/0.1.4\nkind: Remediation\nspec:\n  remediations:\n    - problemType: disk\n      actionsOnOpen: [{action: clean}]\n");
        Assert.Equal("unable to find action for problem title CPU", Assert.Throws<RemediationException>(() => file.NextAction("CPU", null, 0)).Message);
        Assert.Equal("unable to find action for problem type default", Assert.Throws<RemediationException>(() => file.NextAction(null, null, 0)).Message);
    }

    [Theory]
    [InlineData("apiVersion: spec.keptn.sh/0.1.3\nkind: Remediation\nspec: {remediations: [{problemType: a, actionsOnOpen: [{action: b}]}]}", "does not conform to remediation spec spec.keptn.sh/0.1.4 (apiVersion is 'spec.keptn.sh/0.1.3')")]
    [InlineData("apiVersion: spec.keptn.sh/0.1.4\nspec: {remediations: []}", "remediation.yaml has no spec.remediations")]
    [InlineData("apiVersion: spec.keptn.sh/0.1.4\nspec: {remediations: [{problemType: a, actionsOnOpen: []}]}", "spec.remediations[0].actionsOnOpen has no actions")]
    [InlineData("apiVersion: spec.keptn.sh/0.1.4\nspec: {remediations: [{problemType: a, actionsOnOpen: [{name: x}]}]}", "spec.remediations[0].actionsOnOpen[0].action is required")]
    [InlineData("apiVersion: [", "remediation.yaml is not valid YAML")]
    public void UnusableFiles_AreRefusedNamingTheField(string yaml, string message) =>
        Assert.Contains(message, Assert.Throws<RemediationException>(() => RemediationFile.Parse(yaml)).Message);
}
