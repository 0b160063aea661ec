using Bosun.Core.Shipyard;
using Bosun.TestKit;

namespace Bosun.Core.Tests.Shipyard;

public class ShipyardParserTests
{
    private static string With(string apiVersion = "spec.keptn.sh/0.2.4", string stages = "    - name: dev\n") =>
        $"apiVersion: {apiVersion}\nkind: Shipyard\nmetadata:\n  name: s\nspec:\n  stages:\n{stages}";

    [Theory]
    [InlineData("spec.keptn.sh/0.2.0")]
    [InlineData("spec.keptn.sh/0.2.2")]
    [InlineData("spec.keptn.sh/0.2.4")]
    [InlineData("spec.keptn.sh/0.3.0")]
    public void Parse_SupportedVersions_Accepted(string apiVersion) =>
        Assert.Equal(apiVersion, ShipyardParser.Parse(With(apiVersion)).ApiVersion);

    [Fact]
    public void Parse_KeptnDocumentationShipyard_ReadsStagesSequencesTasksAndSelectors()
    {
        var shipyard = ShipyardParser.Parse(Shipyards.TwoStages);
        Assert.Equal(["dev", "prod", "canary"], shipyard.Stages.Select(s => s.Name));
        var delivery = shipyard.FindStage("dev")!.FindSequence("delivery")!;
        Assert.Equal(["deployment", "test", "evaluation"], delivery.Tasks.Select(t => t.Name));
        Assert.Equal("direct", delivery.Tasks[0].Properties!["deploymentstrategy"]!.GetValue<string>());
        var rollback = shipyard.FindStage("dev")!.FindSequence("rollback")!;
        Assert.Equal("dev.delivery.finished", rollback.TriggeredOn[0].Event);
        Assert.Equal("fail", rollback.TriggeredOn[0].Match["result"]);
    }

    [Fact]
    public void FindSequence_Evaluation_ExistsInEveryStageWithOneEvaluationTask()
    {
        var evaluation = ShipyardParser.Parse(Shipyards.Minimal).FindStage("dev")!.FindSequence("evaluation");
        Assert.NotNull(evaluation);
        Assert.Equal("evaluation", Assert.Single(evaluation.Tasks).Name);
    }

    [Fact]
    public void Parse_TaskTimings_ReadAsDurations()
    {
        var shipyard = ShipyardParser.Parse(With(stages: "    - name: dev\n      sequences:\n        - name: d\n          tasks:\n            - name: t\n              triggeredAfter: 10m\n              properties:\n                timeout: 30m\n                retries: 3\n                enabled: true\n"));
        var task = shipyard.Stages[0].Sequences[0].Tasks[0];
        Assert.Equal(TimeSpan.FromMinutes(10), task.TriggeredAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), task.Timeout);
        Assert.Equal(3, task.Properties!["retries"]!.GetValue<long>());
        Assert.True(task.Properties!["enabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("apiVersion: [unclosed", "not valid YAML")]
    [InlineData("- a list", "must be a YAML mapping")]
    [InlineData("kind: Shipyard\nspec:\n  stages:\n    - name: dev\n", "'apiVersion' is missing")]
    public void Parse_BrokenDocument_NamesTheProblem(string yaml, string expected) =>
        Assert.Contains(expected, Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(yaml)).Message);

    [Theory]
    [InlineData("spec.keptn.sh/0.1.7", "not supported")]
    [InlineData("spec.keptn.sh/latest", "not of the form")]
    [InlineData("keptn.sh/0.2.0", "not of the form")]
    [InlineData("0.2.4", "not of the form")]
    public void Parse_BadApiVersion_Rejected(string apiVersion, string expected) =>
        Assert.Contains(expected, Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(apiVersion))).Message);

    [Fact]
    public void Parse_NoStages_Rejected() =>
        Assert.Contains("at least one stage", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse("apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nspec:\n  stages: []\n")).Message);

    [Theory]
    [InlineData("Dev")]
    [InlineData("dev-")]
    [InlineData("1dev")]
    [InlineData("dev_1")]
    [InlineData("dev.prod")]
    public void Parse_InvalidStageName_NamesFieldAndRule(string name)
    {
        var message = Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(stages: $"    - name: \"{name}\"\n"))).Message;
        Assert.Contains("spec.stages[0].name", message);
        Assert.Contains("lowercase", message);
    }

    [Fact]
    public void Parse_StageWithoutName_Rejected() =>
        Assert.Contains("must not be empty", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(stages: "    - sequences: []\n"))).Message);

    [Fact]
    public void Parse_DuplicateStage_Rejected() =>
        Assert.Contains("declared twice", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(stages: "    - name: dev\n    - name: dev\n"))).Message);

    [Fact]
    public void Parse_BadTriggeredAfter_NamesField() =>
        Assert.Contains("tasks[0].triggeredAfter", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(stages: "    - name: dev\n      sequences:\n        - name: d\n          tasks:\n            - name: t\n              triggeredAfter: soon\n"))).Message);

    [Fact]
    public void Parse_BadTimeout_NamesField() =>
        Assert.Contains("properties.timeout", Assert.Throws<ShipyardException>(() => ShipyardParser.Parse(With(stages: "    - name: dev\n      sequences:\n        - name: d\n          tasks:\n            - name: t\n              properties:\n                timeout: forever\n"))).Message);

    [Fact]
    public void Parse_SequenceWithoutTasks_IsAcceptedAndFailsAtRuntime_AsInKeptn() =>
        Assert.Empty(ShipyardParser.Parse(With(stages: "    - name: dev\n      sequences:\n        - name: empty\n")).Stages[0].Sequences[0].Tasks);
}
