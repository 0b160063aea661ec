using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Templating;

namespace Bosun.Core.Tests.Templating;

/// <summary>Go text/template semantics over JSON data, as Keptn webhooks and Argo CD notifications render them.</summary>
public class GoTemplateTests
{
    private static readonly JsonNode Event = JsonNode.Parse("""
        {"id":"e-1","shkeptncontext":"c-1","type":"sh.keptn.event.deliver.triggered",
         "data":{"project":"podtato","stage":"dev","service":"web","labels":{"appname":"podtato-app","version":"1.2"},
                 "count":3,"big":1000000,"ratio":0.5,"tiny":0.00001,"enabled":true,"list":["a","b"],"empty":[]}}
        """)!;

    private static string Render(string template, JsonNode? data = null, bool missingKeyError = false) =>
        GoTemplate.Parse(template, "t").Render(data ?? Event, new TemplateOptions { MissingKeyError = missingKeyError });

    [Theory]
    [InlineData("{{.data.project}}/{{.data.stage}}/{{.data.service}}", "podtato/dev/web")]
    [InlineData("{{.id}} {{.shkeptncontext}}", "e-1 c-1")]
    [InlineData("{{.data.labels.appname}}", "podtato-app")]
    [InlineData("{{index .data.labels \"version\"}}", "1.2")]
    [InlineData("{{index .data.list 1}}", "b")]
    [InlineData("{{.data.count}} {{.data.big}} {{.data.ratio}} {{.data.tiny}} {{.data.enabled}}", "3 1e+06 0.5 1e-05 true")]
    [InlineData("{{.data.list}} {{.data.labels}}", "[a b] map[appname:podtato-app version:1.2]")]
    [InlineData("{{.data.missing}}", "<no value>")]
    [InlineData("{{len .data.list}}", "2")]
    [InlineData("{{if eq .data.stage \"dev\"}}D{{else if eq .data.stage \"prod\"}}P{{else}}X{{end}}", "D")]
    [InlineData("{{if .data.empty}}yes{{else}}no{{end}}", "no")]
    [InlineData("{{with .data.labels}}{{.appname}}{{end}}", "podtato-app")]
    [InlineData("{{range $i, $v := .data.list}}{{$i}}={{$v}};{{end}}", "0=a;1=b;")]
    [InlineData("{{range .data.list}}[{{.}}]{{end}}", "[a][b]")]
    [InlineData("{{range .data.empty}}x{{else}}none{{end}}", "none")]
    [InlineData("{{range $k, $v := .data.labels}}{{$k}}:{{$v}} {{end}}", "appname:podtato-app version:1.2 ")]
    [InlineData("{{.data.project | printf \"%s-x\"}}", "podtato-x")]
    [InlineData("{{printf \"%q %d\" .data.stage .data.count}}", "\"dev\" 3")]
    [InlineData("a {{- /* comment */ -}} b", "ab")]
    [InlineData("{{$x := .data.stage}}{{$x}}{{$x = \"prod\"}}{{$x}}", "devprod")]
    [InlineData("{{if and .data.enabled (not .data.empty)}}ok{{end}}", "ok")]
    [InlineData("{{\"a\\tb\"}} {{`raw\\t`}}", "a\tb raw\\t")]
    public void Render_FollowsGoTextTemplate(string template, string expected) =>
        Assert.Equal(expected, Render(template));

    [Fact]
    public void MissingKeyError_NamesTheKey()
    {
        var error = Assert.Throws<TemplateException>(() => Render("x {{.data.labels.owner}}", missingKeyError: true));
        Assert.Contains("map has no entry for key \"owner\"", error.Message);
    }

    [Fact]
    public void FieldOfAMissingValue_IsAnError_AsInGo() =>
        Assert.Contains("nil pointer evaluating interface {}.x", Assert.Throws<TemplateException>(() => Render("{{.data.nothing.x}}")).Message);

    [Theory]
    [InlineData("{{.data.project", "unclosed action")]
    [InlineData("{{end}}", "unexpected {{end}}")]
    [InlineData("{{if .data.project}}x", "has no {{end}}")]
    [InlineData("{{range .data.list}}x", "has no {{end}}")]
    [InlineData("{{\"open}}", "unclosed action")]
    public void Parse_BrokenTemplate_NamesTheProblem(string template, string expected) =>
        Assert.Contains(expected, Assert.Throws<TemplateException>(() => GoTemplate.Parse(template, "t")).Message);

    [Theory]
    [InlineData("{{nosuch .data}}", "function \"nosuch\" not defined")]
    [InlineData("{{index .data.list 5}}", "index out of range: 5")]
    [InlineData("{{$undefined}}", "undefined variable")]
    [InlineData("{{.data.project .data.stage}}", "can't give argument to non-function")]
    [InlineData("{{range .data.count}}{{end}}{{range .data.project}}{{end}}", "range can't iterate over podtato")]
    public void Render_BadAction_NamesTheProblem(string template, string expected) =>
        Assert.Contains(expected, Assert.Throws<TemplateException>(() => Render(template)).Message);

    /// <summary>
    /// The shape of the original keptn-deployed body (spec/keptn.md §1.3): operation.info entries become top-level
    /// attributes, comma-separated with a first-flag; with no info the body keeps the comma before the loop.
    /// </summary>
    private const string Deployed = """
        {
          "type": "sh.keptn.event.deliver.finished",
          "data": {"project": "{{.app.metadata.labels.keptnProject}}", "result": "pass"},
          "shkeptnspecversion": "0.2.3",
          {{$first := true}}
          {{- range $index, $item := .app.status.operationState.operation.info}}
            {{- if $first}}
              {{- $first = false}}
            {{- else}}
              ,
            {{- end}}
          "{{$item.name}}": "{{$item.value}}"
          {{- end}}
        }
        """;

    private static JsonNode App(string info) =>
        JsonNode.Parse("{\"app\":{\"metadata\":{\"labels\":{\"keptnProject\":\"podtato\"}},\"status\":{\"operationState\":{\"operation\":{\"info\":" + info + "}}}}}")!;

    [Fact]
    public void DeployedShape_WithInfos_RendersValidJsonCarryingThem()
    {
        var body = GoTemplate.Parse(Deployed, "keptn-deployed").Render(App("""[{"name":"triggeredid","value":"t-1"},{"name":"shkeptncontext","value":"c-1"}]"""));
        var json = JsonNode.Parse(body)!;
        Assert.Equal("t-1", json["triggeredid"]!.GetValue<string>());
        Assert.Equal("c-1", json["shkeptncontext"]!.GetValue<string>());
        Assert.Equal("podtato", json["data"]!["project"]!.GetValue<string>());
    }

    [Fact]
    public void DeployedShape_WithoutInfos_LeavesTheTrailingComma_AsArgoCdSends()
    {
        var body = GoTemplate.Parse(Deployed, "keptn-deployed").Render(App("[]"));
        Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(body));
        Assert.Matches("\"shkeptnspecversion\": \"0.2.3\",\\s*}\\s*$", body);
        Assert.NotNull(JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true }));
    }
}
