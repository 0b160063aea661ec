namespace Bosun.Core.Templating;

/// <summary>The parsed form of a template: text, actions and control structures over pipelines.</summary>
internal static class TemplateNodes
{
    internal abstract record Node(int Line);

    internal sealed record Text(int Line, string Value) : Node(Line);

    /// <summary><c>{{pipeline}}</c>: prints the value unless the pipeline declares or assigns a variable.</summary>
    internal sealed record Action(int Line, Pipeline Pipeline) : Node(Line);

    internal sealed record If(int Line, Pipeline Condition, List<Node> Then, List<Node>? Else) : Node(Line);

    internal sealed record With(int Line, Pipeline Value, List<Node> Body, List<Node>? Else) : Node(Line);

    /// <summary><c>{{range $k, $v := pipeline}}</c>; either variable may be absent.</summary>
    internal sealed record Range(int Line, string? KeyVariable, string? ValueVariable, Pipeline Value, List<Node> Body, List<Node>? Else) : Node(Line);

    /// <summary>Commands joined by <c>|</c>; <paramref name="Variable"/> with <paramref name="Declare"/> is <c>$x :=</c>, without it <c>$x =</c>.</summary>
    internal sealed record Pipeline(string? Variable, bool Declare, List<Command> Commands);

    internal sealed record Command(List<Argument> Arguments);

    internal abstract record Argument;

    internal sealed record FieldChain(string? Variable, IReadOnlyList<string> Fields) : Argument;

    internal sealed record Literal(object? Value) : Argument;

    internal sealed record Function(string Name) : Argument;

    internal sealed record Nested(Pipeline Pipeline) : Argument;
}
