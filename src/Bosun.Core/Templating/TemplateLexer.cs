using System.Text;

namespace Bosun.Core.Templating;

/// <summary>Splits a template into text and the bodies of <c>{{ }}</c> actions, applying <c>{{-</c>/<c>-}}</c> trimming.</summary>
internal static class TemplateLexer
{
    internal sealed record Piece(bool IsAction, string Value, int Line);

    public static List<Piece> Split(string template, string name)
    {
        var pieces = new List<Piece>();
        var position = 0;
        var line = 1;
        var trimNext = false;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            var text = open < 0 ? template[position..] : template[position..open];
            if (trimNext)
            {
                text = text.TrimStart(' ', '\t', '\r', '\n');
            }
            if (open < 0)
            {
                pieces.Add(new Piece(false, text, line));
                break;
            }
            var trimLeft = open + 3 < template.Length && template[open + 2] == '-' && IsSpace(template[open + 3]);
            if (trimLeft)
            {
                text = text.TrimEnd(' ', '\t', '\r', '\n');
            }
            pieces.Add(new Piece(false, text, line));
            line += Count(template, position, open);
            var start = open + (trimLeft ? 3 : 2);
            var close = FindClose(template, start);
            if (close < 0)
            {
                throw new TemplateException($"template: {name}:{line}: unclosed action");
            }
            var trimRight = close > start && template[close - 1] == '-' && IsSpace(template[close - 2]);
            var body = template[start..(trimRight ? close - 1 : close)].Trim();
            pieces.Add(new Piece(true, body, line));
            line += Count(template, open, close);
            trimNext = trimRight;
            position = close + 2;
        }
        return pieces;
    }

    /// <summary>The index of the closing <c>}}</c>, skipping quoted strings.</summary>
    private static int FindClose(string template, int from)
    {
        for (var i = from; i < template.Length - 1; i++)
        {
            var c = template[i];
            if (c is '"' or '`')
            {
                i = template.IndexOf(c, i + 1) is var end && end < 0 ? template.Length : end;
                while (c == '"' && i < template.Length && template[i - 1] == '\\' && template[i - 2] != '\\')
                {
                    i = template.IndexOf('"', i + 1) is var next && next < 0 ? template.Length : next;
                }
                continue;
            }
            if (c == '}' && template[i + 1] == '}')
            {
                return i;
            }
        }
        return -1;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int Count(string text, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>Splits an action body into tokens: words, strings, numbers, and the punctuation <c>( ) | , := =</c>.</summary>
    public static List<string> Tokens(string action, string name, int line)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < action.Length)
        {
            var c = action[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or '|' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == ':' && i + 1 < action.Length && action[i + 1] == '=')
            {
                tokens.Add(":=");
                i += 2;
            }
            else if (c == '=')
            {
                tokens.Add("=");
                i++;
            }
            else if (c is '"' or '`')
            {
                var text = new StringBuilder().Append(c);
                i++;
                while (i < action.Length && action[i] != c)
                {
                    if (c == '"' && action[i] == '\\' && i + 1 < action.Length)
                    {
                        text.Append(action[i++]);
                    }
                    text.Append(action[i++]);
                }
                if (i >= action.Length)
                {
                    throw new TemplateException($"template: {name}:{line}: unterminated quoted string");
                }
                tokens.Add(text.Append(c).ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < action.Length && !char.IsWhiteSpace(action[i]) && action[i] is not ('(' or ')' or '|' or ',' or '='))
                {
                    if (action[i] == ':' && i + 1 < action.Length && action[i + 1] == '=')
                    {
                        break;
                    }
                    i++;
                }
                tokens.Add(action[start..i]);
            }
        }
        return tokens;
    }
}
