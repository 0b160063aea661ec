using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Bosun.Core.Templating.TemplateNodes;

namespace Bosun.Core.Templating;

/// <summary>
/// Executes a parsed template over JSON data with Go text/template's rules, within the budgets of
/// <see cref="TemplateOptions"/>: past <see cref="TemplateOptions.MaxSteps"/> or
/// <see cref="TemplateOptions.MaxOutputChars"/> it stops with a <see cref="TemplateException"/> naming the budget.
/// </summary>
internal sealed class TemplateEvaluator(string name, TemplateOptions options)
{
    private readonly StringBuilder _out = new();
    private readonly List<(string Name, object? Value)> _variables = [];
    private int _line;
    private int _steps;

    public string Run(List<Node> nodes, JsonNode? data)
    {
        var root = TemplateValues.Normalize(data);
        _variables.Add(("$", root));
        Walk(nodes, root);
        return _out.ToString();
    }

    private void Walk(List<Node> nodes, object? dot)
    {
        var mark = _variables.Count;
        foreach (var node in nodes)
        {
            _line = node.Line;
            Step();
            switch (node)
            {
                case Text text:
                    Append(text.Value);
                    break;
                case TemplateNodes.Action action:
                    var value = Pipeline(action.Pipeline, dot);
                    if (action.Pipeline.Variable is null)
                    {
                        Append(TemplateValues.Format(value, options.JsonNumbers));
                    }
                    break;
                case If branch:
                    if (TemplateValues.Truthy(Pipeline(branch.Condition, dot)))
                    {
                        Walk(branch.Then, dot);
                    }
                    else if (branch.Else is not null)
                    {
                        Walk(branch.Else, dot);
                    }
                    break;
                case With with:
                    var scoped = Pipeline(with.Value, dot);
                    if (TemplateValues.Truthy(scoped))
                    {
                        Walk(with.Body, scoped);
                    }
                    else if (with.Else is not null)
                    {
                        Walk(with.Else, dot);
                    }
                    break;
                case TemplateNodes.Range range:
                    WalkRange(range, dot);
                    break;
            }
        }
        _variables.RemoveRange(mark, _variables.Count - mark);
    }

    private void WalkRange(TemplateNodes.Range range, object? dot)
    {
        IEnumerable<(object?, object?)> items = Pipeline(range.Value, dot) switch
        {
            JsonArray array => array.Select((item, i) => ((object?)(long)i, TemplateValues.Normalize(item))),
            JsonObject map => map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object?)p.Key, TemplateValues.Normalize(p.Value))),
            // Lazily: the step budget ends a huge count long before it is used up.
            long count => Count(count),
            // A missing or nil value ranges over nothing (Go: "an invalid value is likely a nil map").
            null => [],
            var other when ReferenceEquals(other, TemplateValues.Missing) => [],
            var other => throw Error($"range can't iterate over {TemplateValues.Format(other, options.JsonNumbers)}"),
        };
        var any = false;
        foreach (var (key, value) in items)
        {
            any = true;
            Step();
            var mark = _variables.Count;
            if (range.KeyVariable is not null)
            {
                _variables.Add((range.KeyVariable, key));
            }
            if (range.ValueVariable is not null)
            {
                _variables.Add((range.ValueVariable, value));
            }
            Walk(range.Body, value);
            _variables.RemoveRange(mark, _variables.Count - mark);
        }
        if (!any && range.Else is not null)
        {
            Walk(range.Else, dot);
        }
    }

    private static IEnumerable<(object?, object?)> Count(long count)
    {
        for (var i = 0L; i < count; i++)
        {
            yield return (i, i);
        }
    }

    private void Step()
    {
        if (++_steps > options.MaxSteps)
        {
            throw Error($"the template took more than the budget of {options.MaxSteps} steps");
        }
    }

    private void Append(string text)
    {
        if (_out.Length + text.Length > options.MaxOutputChars)
        {
            throw Error($"the output is larger than the budget of {options.MaxOutputChars} characters");
        }
        _out.Append(text);
    }

    private object? Checked(object? value) => value is string { Length: var length } && length > options.MaxOutputChars
        ? throw Error($"a value is larger than the budget of {options.MaxOutputChars} characters")
        : value;

    private object? Pipeline(Pipeline pipeline, object? dot)
    {
        object? value = null;
        var first = true;
        foreach (var command in pipeline.Commands)
        {
            value = Command(command, dot, first ? null : new[] { value });
            first = false;
        }
        if (pipeline.Variable is { } variable)
        {
            if (pipeline.Declare)
            {
                _variables.Add((variable, value));
            }
            else
            {
                var at = _variables.FindLastIndex(v => v.Name == variable);
                _variables[at >= 0 ? at : throw Error($"undefined variable: {variable}")] = (variable, value);
            }
        }
        return value;
    }

    private object? Command(Command command, object? dot, object?[]? piped)
    {
        if (command.Arguments[0] is Function function)
        {
            var args = command.Arguments.Skip(1).Select(a => Argument(a, dot)).Concat(piped ?? []).ToList();
            Step();
            return Checked(TemplateFunctions.Call(function.Name, args, options.JsonNumbers, Error));
        }
        if (command.Arguments.Count > 1 || piped is not null)
        {
            throw Error($"can't give argument to non-function {Describe(command.Arguments[0])}");
        }
        return Argument(command.Arguments[0], dot);
    }

    private object? Argument(Argument argument, object? dot) => argument switch
    {
        Literal literal => literal.Value,
        Nested nested => Pipeline(nested.Pipeline, dot),
        FieldChain chain => Chain(chain, dot),
        Function function => Checked(TemplateFunctions.Call(function.Name, [], options.JsonNumbers, Error)),
        _ => null,
    };

    private object? Chain(FieldChain chain, object? dot)
    {
        var value = dot;
        if (chain.Variable is { } variable)
        {
            var at = _variables.FindLastIndex(v => v.Name == variable);
            value = at >= 0 ? _variables[at].Value : throw Error($"undefined variable \"{variable}\"");
        }
        foreach (var field in chain.Fields)
        {
            value = value switch
            {
                JsonObject map when map.TryGetPropertyValue(field, out var child) => TemplateValues.Normalize(child),
                JsonObject => options.MissingKeyError ? throw Error($"map has no entry for key \"{field}\"") : TemplateValues.Missing,
                null => throw Error($"nil pointer evaluating interface {{}}.{field}"),
                _ when ReferenceEquals(value, TemplateValues.Missing) => throw Error($"nil pointer evaluating interface {{}}.{field}"),
                _ => throw Error($"can't evaluate field {field} in type {TypeName(value)}"),
            };
        }
        return value;
    }

    private static string Describe(Argument argument) => argument switch
    {
        FieldChain chain => (chain.Variable ?? string.Empty) + string.Concat(chain.Fields.Select(f => "." + f)),
        Literal literal => Convert.ToString(literal.Value, CultureInfo.InvariantCulture) ?? "nil",
        _ => "value",
    };

    private static string TypeName(object? value) => value switch
    {
        string => "string",
        bool => "bool",
        long or double => "float64",
        JsonArray => "[]interface {}",
        _ => "interface {}",
    };

    private TemplateException Error(string message) => new($"template: {name}:{_line}: executing \"{name}\": {message}");
}
