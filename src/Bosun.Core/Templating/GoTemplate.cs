using System.Text.Json.Nodes;

namespace Bosun.Core.Templating;

/// <summary>
/// The subset of Go's <c>text/template</c> that Keptn webhooks and Argo CD notification templates use: fields
/// and variables over JSON data, <c>if/else if/else</c>, <c>range</c> (with <c>$i, $v :=</c>), <c>with</c>,
/// <c>:=</c>/<c>=</c>, pipelines, <c>{{- -}}</c> trimming, comments, and the functions <c>index len not and or eq
/// ne lt le gt ge print println printf</c>. No C# library implements Go templates, so this lives here, small.
/// </summary>
public sealed class GoTemplate
{
    private readonly List<TemplateNodes.Node> _nodes;

    private GoTemplate(string name, List<TemplateNodes.Node> nodes)
    {
        Name = name;
        _nodes = nodes;
    }

    public string Name { get; }

    /// <exception cref="TemplateException">The template does not parse; the message gives the line.</exception>
    public static GoTemplate Parse(string text, string name = "template")
    {
        var pieces = TemplateLexer.Split(text, name);
        return new GoTemplate(name, new TemplateParser(pieces, name).Parse());
    }

    /// <exception cref="TemplateException">Execution failed (a missing key with <see cref="TemplateOptions.MissingKeyError"/>, a bad index, …).</exception>
    public string Render(JsonNode? data, TemplateOptions? options = null) =>
        new TemplateEvaluator(Name, options ?? new TemplateOptions()).Run(_nodes, data);
}
