using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;

namespace Bosun.Core.Tests.Evaluation;

/// <summary>The lighthouse's decisions (spec §6.1) as pure functions: what each triggering event and each answer gives.</summary>
public sealed class LighthouseTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-01-26T10:10:00Z");
    private const string Slo = "filter:\n  handler: cart\nobjectives:\n  - sli: rt\n    pass: [{criteria: ['<=+10%', '<600']}]\ntotal_score: {pass: '90%'}";

    private static JsonObject Triggered(JsonObject? extra = null)
    {
        var data = new JsonObject { ["project"] = "p", ["stage"] = "s", ["service"] = "svc", ["labels"] = new JsonObject { ["v"] = "1" } };
        foreach (var (k, v) in extra ?? [])
        {
            data[k] = v?.DeepClone();
        }
        return data;
    }

    [Fact]
    public void NoTimeframe_IsErrored_WithKeptnsMessage()
    {
        var start = Lighthouse.Start(Triggered(), Now, Slo, "prometheus");
        Assert.Null(start.GetSli);
        Assert.Equal("errored", start.Finished!["status"]!.GetValue<string>());
        Assert.Equal("evaluation.triggered event does not contain evaluation timeframe", start.Finished["message"]!.GetValue<string>());
    }

    [Fact]
    public void GetSli_CarriesIndicatorsFiltersWindowAndTheFirstDeployment()
    {
        var triggered = Triggered(new JsonObject
        {
            ["evaluation"] = new JsonObject { ["timeframe"] = "5m" },
            ["deployment"] = new JsonObject { ["deploymentNames"] = new JsonArray("canary", "primary") },
        });
        var getSli = Lighthouse.Start(triggered, Now, Slo, "prometheus").GetSli!;
        Assert.Equal("""{"sliProvider":"prometheus","start":"2022-01-26T10:05:00.000Z","end":"2022-01-26T10:10:00.000Z","indicators":["rt"],"customFilters":[{"key":"handler","value":"cart"}]}""",
            getSli["get-sli"]!.ToJsonString());
        Assert.Equal("canary", getSli["deployment"]!.GetValue<string>());
        Assert.Equal("1", getSli["labels"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public void UnparsableSlo_IsErroredBeforeAskingTheProvider()
    {
        var start = Lighthouse.Start(Triggered(new JsonObject { ["test"] = new JsonObject { ["start"] = "2022-01-26T10:00:00Z", ["end"] = "2022-01-26T10:05:00Z" } }), Now, "invalid: [", "prometheus");
        Assert.StartsWith("error retrieving SLO file: slo.yaml is not valid YAML", start.Finished!["message"]!.GetValue<string>());
        Assert.Equal("2022-01-26T10:00:00Z", start.Finished["evaluation"]!["timeStart"]!.GetValue<string>());
    }

    [Fact]
    public void Finish_ScoresAgainstThePreviousEvaluationsItAskedFor()
    {
        var triggered = Triggered(new JsonObject { ["evaluation"] = new JsonObject { ["timeframe"] = "5m" } });
        var getSli = Lighthouse.Start(triggered, Now, Slo, "prometheus").GetSli!;
        var answer = new JsonObject
        {
            ["status"] = "succeeded",
            ["result"] = "pass",
            ["get-sli"] = new JsonObject { ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "rt", ["value"] = 500, ["success"] = true }) },
        };
        SloComparison? asked = null;
        var finished = Lighthouse.Finish(triggered, getSli, answer, Slo, comparison =>
        {
            asked = comparison;
            return [new PreviousEvaluation("e-1", [new SliValue("rt", 400, true)])];
        });
        Assert.Equal(SloComparison.Default, asked);
        Assert.Equal("fail", finished["result"]!.GetValue<string>());
        Assert.Equal("""["e-1"]""", finished["evaluation"]!["comparedEvents"]!.ToJsonString());
        Assert.Equal("2022-01-26T10:05:00.000Z", finished["evaluation"]!["timeStart"]!.GetValue<string>());
        Assert.Equal(440.00000000000006, finished["evaluation"]!["indicatorResults"]![0]!["passTargets"]![0]!["targetValue"]!.GetValue<double>(), 6);
    }

    [Fact]
    public void StartAndFinish_ParseTheFileWithTheParserGiven_AndItsRefusalIsTheSameError()
    {
        // A caller that keeps parsed files hands its parser in; both steps use it instead of parsing again.
        var parsed = new List<string>();
        SloFile Parse(string yaml)
        {
            parsed.Add(yaml);
            return SloFile.Parse(yaml);
        }
        var triggered = Triggered(new JsonObject { ["evaluation"] = new JsonObject { ["timeframe"] = "5m" } });
        var getSli = Lighthouse.Start(triggered, Now, Slo, "prometheus", Parse).GetSli!;
        var answer = new JsonObject
        {
            ["status"] = "succeeded",
            ["get-sli"] = new JsonObject { ["indicatorValues"] = new JsonArray(new JsonObject { ["metric"] = "rt", ["value"] = 500, ["success"] = true }) },
        };
        Assert.Equal("pass", Lighthouse.Finish(triggered, getSli, answer, Slo, _ => [], Parse)["result"]!.GetValue<string>());
        Assert.Equal([Slo, Slo], parsed);

        var refused = Lighthouse.Finish(triggered, getSli, answer, Slo, _ => [], _ => throw new SloException("slo.yaml is not valid YAML: injected"));
        Assert.Equal("error retrieving SLO file: slo.yaml is not valid YAML: injected", refused["message"]!.GetValue<string>());
    }

    [Fact]
    public void ProviderSilence_IsErrored_NamingTheProviderAndTheWait()
    {
        var getSli = new JsonObject { ["get-sli"] = new JsonObject { ["sliProvider"] = "dynatrace", ["start"] = "a", ["end"] = "b" } };
        var finished = Lighthouse.ProviderSilent(Triggered(), getSli, TimeSpan.FromMinutes(10));
        Assert.Equal("no SLI provider answered get-sli.triggered for provider 'dynatrace' within 10m", finished["message"]!.GetValue<string>());
        Assert.Equal("errored", finished["status"]!.GetValue<string>());
    }
}
