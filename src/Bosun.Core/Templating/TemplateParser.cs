using System.Globalization;
using System.Text;
using static Bosun.Core.Templating.TemplateNodes;

namespace Bosun.Core.Templating;

/// <summary>Builds the node tree from the lexer's pieces: actions, if/else if/else, range, with, variables, pipelines.</summary>
internal sealed class TemplateParser(List<TemplateLexer.Piece> pieces, string name)
{
    private int _at;

    public List<Node> Parse()
    {
        var (nodes, end) = ParseList();
        return end is null ? nodes : throw Error(end.Value.Line, $"unexpected {{{{{end.Value.Keyword}}}}}");
    }

    private (List<Node> Nodes, (string Keyword, string Remainder, int Line)? End) ParseList()
    {
        var nodes = new List<Node>();
        while (_at < pieces.Count)
        {
            var piece = pieces[_at++];
            if (!piece.IsAction)
            {
                if (piece.Value.Length > 0)
                {
                    nodes.Add(new Text(piece.Line, piece.Value));
                }
                continue;
            }
            if (piece.Value.StartsWith("/*", StringComparison.Ordinal))
            {
                continue;
            }
            var (keyword, rest) = Keyword(piece.Value);
            switch (keyword)
            {
                case "end":
                case "else":
                    return (nodes, (keyword, rest, piece.Line));
                case "if":
                    nodes.Add(ParseIf(rest, piece.Line));
                    break;
                case "with":
                    var (withBody, withElse) = ParseBody(piece.Line, "with");
                    nodes.Add(new With(piece.Line, ParsePipeline(rest, piece.Line), withBody, withElse));
                    break;
                case "range":
                    nodes.Add(ParseRange(rest, piece.Line));
                    break;
                default:
                    if (piece.Value.Length == 0)
                    {
                        throw Error(piece.Line, "missing value for command");
                    }
                    nodes.Add(new TemplateNodes.Action(piece.Line, ParsePipeline(piece.Value, piece.Line)));
                    break;
            }
        }
        return (nodes, null);
    }

    private If ParseIf(string condition, int line)
    {
        var pipeline = ParsePipeline(condition, line);
        var (then, end) = ParseList();
        if (end is null)
        {
            throw Error(line, "unexpected EOF: {{if}} has no {{end}}");
        }
        if (end.Value.Keyword == "end")
        {
            return new If(line, pipeline, then, null);
        }
        var (elseKeyword, elseRest) = Keyword(end.Value.Remainder);
        if (elseKeyword == "if")
        {
            // {{else if …}} chains share the one {{end}}.
            return new If(line, pipeline, then, [ParseIf(elseRest, end.Value.Line)]);
        }
        var (otherwise, close) = ParseList();
        return close is { Keyword: "end" } ? new If(line, pipeline, then, otherwise) : throw Error(line, "{{else}} has no {{end}}");
    }

    private (List<Node> Body, List<Node>? Else) ParseBody(int line, string what)
    {
        var (body, end) = ParseList();
        if (end is null)
        {
            throw Error(line, $"unexpected EOF: {{{{{what}}}}} has no {{{{end}}}}");
        }
        if (end.Value.Keyword == "end")
        {
            return (body, null);
        }
        var (otherwise, close) = ParseList();
        return close is { Keyword: "end" } ? (body, otherwise) : throw Error(line, $"{{{{{what}}}}} {{{{else}}}} has no {{{{end}}}}");
    }

    private TemplateNodes.Range ParseRange(string text, int line)
    {
        var tokens = TemplateLexer.Tokens(text, name, line);
        string? key = null;
        string? value = null;
        var declare = tokens.IndexOf(":=");
        if (declare > 0)
        {
            var names = tokens[..declare].Where(t => t != ",").ToList();
            if (names.Count is < 1 or > 2 || names.Any(n => !n.StartsWith('$')))
            {
                throw Error(line, "range can only declare one or two variables");
            }
            (key, value) = names.Count == 2 ? (names[0], names[1]) : (null, names[0]);
            tokens = tokens[(declare + 1)..];
        }
        var (body, otherwise) = ParseBody(line, "range");
        return new TemplateNodes.Range(line, key, value, BuildPipeline(tokens, line), body, otherwise);
    }

    private Pipeline ParsePipeline(string text, int line) => BuildPipeline(TemplateLexer.Tokens(text, name, line), line);

    private Pipeline BuildPipeline(List<string> tokens, int line)
    {
        string? variable = null;
        var declare = false;
        if (tokens.Count >= 2 && tokens[0].StartsWith('$') && tokens[1] is ":=" or "=")
        {
            (variable, declare) = (tokens[0], tokens[1] == ":=");
            tokens = tokens[2..];
        }
        var commands = new List<Command>();
        var current = new List<Argument>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == "|")
            {
                commands.Add(current.Count > 0 ? new Command(current) : throw Error(line, "missing command before |"));
                current = [];
            }
            else if (token == "(")
            {
                var depth = 1;
                var start = i + 1;
                while (++i < tokens.Count && depth > 0)
                {
                    depth += tokens[i] == "(" ? 1 : tokens[i] == ")" ? -1 : 0;
                }
                if (depth != 0)
                {
                    throw Error(line, "unclosed left paren");
                }
                i--;
                current.Add(new Nested(BuildPipeline(tokens[start..i], line)));
            }
            else
            {
                current.Add(Argument(token, line));
            }
        }
        if (current.Count == 0)
        {
            throw Error(line, "missing value for command");
        }
        commands.Add(new Command(current));
        return new Pipeline(variable, declare, commands);
    }

    private Argument Argument(string token, int line)
    {
        if (token.StartsWith('.') || token.StartsWith('$'))
        {
            var parts = token.Split('.');
            var variable = token.StartsWith('$') ? parts[0] : null;
            return new FieldChain(variable, parts.Skip(1).Where(p => p.Length > 0).ToList());
        }
        if (token[0] is '"' or '`')
        {
            return new Literal(token[0] == '`' ? token[1..^1] : Unquote(token[1..^1]));
        }
        if (token is "true" or "false")
        {
            return new Literal(token == "true");
        }
        if (token == "nil")
        {
            return new Literal(null);
        }
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new Literal(integer);
        }
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return new Literal(real);
        }
        return char.IsLetter(token[0]) ? new Function(token) : throw Error(line, $"unexpected \"{token}\" in command");
    }

    private static string Unquote(string text)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }
            result.Append(text[++i] switch
            {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                var other => other,
            });
        }
        return result.ToString();
    }

    private static (string Keyword, string Remainder) Keyword(string action)
    {
        var space = action.IndexOfAny([' ', '\t', '\n', '\r']);
        var word = space < 0 ? action : action[..space];
        return word is "if" or "else" or "end" or "range" or "with"
            ? (word, space < 0 ? string.Empty : action[space..].Trim())
            : (string.Empty, action);
    }

    private TemplateException Error(int line, string message) => new($"template: {name}:{line}: {message}");
}
