using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Notifications;

/// <summary>
/// The part of the expr language Argo CD triggers use: paths over <c>app</c> (with <c>?.</c>), string, number,
/// bool and nil literals, <c>==</c>, <c>!=</c>, <c>in [...]</c>, <c>and</c>/<c>&amp;&amp;</c>, <c>or</c>/<c>||</c>,
/// <c>not</c>/<c>!</c> and parentheses. A path through a missing field is nil.
/// </summary>
public sealed class TriggerExpression
{
    private readonly List<string> _tokens;
    private int _at;
    private JsonNode? _app;

    private TriggerExpression(string text) => _tokens = Tokenize(text);

    /// <exception cref="FormatException">The expression uses syntax outside the subset.</exception>
    public static bool Evaluate(string text, JsonNode? app)
    {
        var expression = new TriggerExpression(text) { _app = app };
        var value = expression.Or();
        return expression._at == expression._tokens.Count
            ? value is true
            : throw new FormatException($"unexpected '{expression._tokens[expression._at]}' in trigger expression: {text}");
    }

    /// <summary>The value of an expression such as an <c>oncePer</c> path, as text ("" for nil).</summary>
    public static string Value(string text, JsonNode? app)
    {
        var expression = new TriggerExpression(text) { _app = app };
        return expression.Or() switch
        {
            null => string.Empty,
            JsonNode node => node.ToJsonString(),
            var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    private object? Or()
    {
        var left = And();
        while (Accept("or") || Accept("||"))
        {
            var right = And();
            left = left is true || right is true;
        }
        return left;
    }

    private object? And()
    {
        var left = Not();
        while (Accept("and") || Accept("&&"))
        {
            var right = Not();
            left = left is true && right is true;
        }
        return left;
    }

    private object? Not() => Accept("not") || Accept("!") ? Not() is not true : Comparison();

    private object? Comparison()
    {
        var left = Primary();
        if (Accept("=="))
        {
            return Equals(left, Primary());
        }
        if (Accept("!="))
        {
            return !Equals(left, Primary());
        }
        if (Accept("in"))
        {
            Expect("[");
            var found = false;
            while (!Accept("]"))
            {
                found |= Equals(left, Primary());
                Accept(",");
            }
            return found;
        }
        return left;
    }

    private object? Primary()
    {
        if (Accept("("))
        {
            var value = Or();
            Expect(")");
            return value;
        }
        var token = _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("trigger expression ends too early");
        return token switch
        {
            "true" => true,
            "false" => false,
            "nil" => null,
            _ when token[0] is '\'' or '"' => token[1..^1],
            _ when double.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
            _ => Path(token),
        };
    }

    private object? Path(string path)
    {
        var parts = path.Replace("?.", ".", StringComparison.Ordinal).Split('.');
        if (parts[0] != "app")
        {
            throw new FormatException($"unknown name '{parts[0]}' in trigger expression (only app.… is known)");
        }
        JsonNode? node = _app;
        foreach (var part in parts.Skip(1))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }
        // Cast to object: JsonNode's implicit conversions would otherwise turn the scalars back into JsonValues.
        return node is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => (object)v.GetValue<string>(),
            JsonValueKind.Number => (object)v.GetValue<double>(),
            JsonValueKind.True => (object)true,
            JsonValueKind.False => (object)false,
            _ => null,
        } : (object?)node;
    }

    private bool Accept(string token)
    {
        if (_at < _tokens.Count && _tokens[_at] == token)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"expected '{token}' in trigger expression");
        }
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new FormatException($"unterminated string in trigger expression: {text}");
                }
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "==" or "!=" or "&&" or "||")
            {
                tokens.Add(text.Substring(i, 2));
                i += 2;
            }
            else if (c is '(' or ')' or '[' or ']' or ',' or '!')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '?' or '_' or '-'))
                {
                    i++;
                }
                if (i == start)
                {
                    throw new FormatException($"unexpected '{c}' in trigger expression: {text}");
                }
                tokens.Add(text[start..i]);
            }
        }
        return tokens;
    }
}
