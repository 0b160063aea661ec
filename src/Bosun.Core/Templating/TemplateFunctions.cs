using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.Core.Templating;

/// <summary>The built-in functions of Go's text/template that webhook and notification templates use.</summary>
internal static class TemplateFunctions
{
    public static object? Call(string name, List<object?> args, bool jsonNumbers, Func<string, TemplateException> error)
    {
        void Arity(int n)
        {
            if (args.Count != n)
            {
                throw error($"wrong number of args for {name}: want {n} got {args.Count}");
            }
        }
        switch (name)
        {
            case "index":
                if (args.Count < 1)
                {
                    throw error("wrong number of args for index: want at least 1 got 0");
                }
                return args.Skip(1).Aggregate(args[0], (current, key) => Index(current, key, error));
            case "len":
                Arity(1);
                return args[0] switch
                {
                    string s => (long)Encoding.UTF8.GetByteCount(s),
                    JsonArray a => (long)a.Count,
                    JsonObject o => (long)o.Count,
                    _ => throw error($"error calling len: len of type {args[0]?.GetType().Name ?? "nil"}"),
                };
            case "not":
                Arity(1);
                return !TemplateValues.Truthy(args[0]);
            case "and":
                return args.Count == 0 ? throw error("wrong number of args for and") : args.FirstOrDefault(a => !TemplateValues.Truthy(a), args[^1]);
            case "or":
                return args.Count == 0 ? throw error("wrong number of args for or") : args.FirstOrDefault(TemplateValues.Truthy, args[^1]);
            case "eq":
                return args.Count < 2 ? throw error("missing argument for comparison") : args.Skip(1).Any(a => Same(args[0], a));
            case "ne":
                Arity(2);
                return !Same(args[0], args[1]);
            case "lt" or "le" or "gt" or "ge":
                Arity(2);
                var order = Compare(args[0], args[1], error);
                return name switch { "lt" => order < 0, "le" => order <= 0, "gt" => order > 0, _ => order >= 0 };
            case "print":
                return string.Concat(args.Select(a => TemplateValues.Format(a, jsonNumbers)));
            case "println":
                return string.Join(' ', args.Select(a => TemplateValues.Format(a, jsonNumbers))) + "\n";
            case "printf":
                return args.Count == 0 ? throw error("wrong number of args for printf") : Printf(args[0] as string ?? string.Empty, args.Skip(1).ToList(), jsonNumbers);
            default:
                throw error($"function \"{name}\" not defined");
        }
    }

    private static object? Index(object? container, object? key, Func<string, TemplateException> error) => container switch
    {
        JsonObject map when key is string k => map.TryGetPropertyValue(k, out var v) ? TemplateValues.Normalize(v) : null,
        JsonArray list when key is long i => i >= 0 && i < list.Count ? TemplateValues.Normalize(list[(int)i]) : throw error($"error calling index: index out of range: {i}"),
        JsonArray list when key is double d && d == Math.Floor(d) => Index(list, (long)d, error),
        null => throw error("error calling index: index of untyped nil"),
        _ => throw error($"error calling index: cannot index {TemplateValues.Format(container, true)} with {TemplateValues.Format(key, true)}"),
    };

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (long x, double y) => x == y,
        (double x, long y) => x == y,
        (JsonNode, _) or (_, JsonNode) => ReferenceEquals(a, b),
        _ => Equals(a, b),
    };

    private static int Compare(object? a, object? b, Func<string, TemplateException> error) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (long or double, long or double) => Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        _ => throw error("incompatible types for comparison"),
    };

    /// <summary>The verbs templates use: %s, %v, %d, %q and %%.</summary>
    private static string Printf(string format, List<object?> args, bool jsonNumbers)
    {
        var text = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                text.Append(format[i]);
                continue;
            }
            var verb = format[++i];
            if (verb == '%')
            {
                text.Append('%');
                continue;
            }
            var arg = next < args.Count ? args[next++] : null;
            text.Append(verb switch
            {
                'q' => "\"" + TemplateValues.Format(arg, jsonNumbers).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
                'd' when arg is double d => ((long)d).ToString(CultureInfo.InvariantCulture),
                'd' when arg is long l => l.ToString(CultureInfo.InvariantCulture),
                _ => TemplateValues.Format(arg, jsonNumbers),
            });
        }
        return text.ToString();
    }
}
