using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Core.Templating;

/// <summary>Values as a Go template sees JSON data: truthiness, comparison, and <c>%v</c> printing.</summary>
internal static class TemplateValues
{
    /// <summary>A map key that is not there (printed <c>&lt;no value&gt;</c>).</summary>
    public static readonly object Missing = new();

    /// <summary>JSON scalars become CLR values; objects and arrays stay JSON nodes.</summary>
    // Every arm is cast to object: JsonNode has implicit conversions from string, bool and numbers, which would
    // otherwise turn the result back into a JsonValue.
    public static object? Normalize(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => (object)v.GetValue<string>(),
            JsonValueKind.True => (object)true,
            JsonValueKind.False => (object)false,
            JsonValueKind.Number => v.TryGetValue<long>(out var l) ? (object)l : (object)v.GetValue<double>(),
            _ => null,
        },
        _ => (object)node,
    };

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        _ => !ReferenceEquals(value, Missing),
    };

    /// <summary>Go's <c>%v</c>. With <paramref name="jsonNumbers"/>, numbers print as Go prints JSON's float64.</summary>
    public static string Format(object? value, bool jsonNumbers) => value switch
    {
        null => "<nil>",
        string s => s,
        bool b => b ? "true" : "false",
        long l => jsonNumbers ? FormatFloat(l) : l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        JsonArray a => "[" + string.Join(' ', a.Select(i => Format(Normalize(i), jsonNumbers))) + "]",
        JsonObject o => "map[" + string.Join(' ', o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + ":" + Format(Normalize(p.Value), jsonNumbers))) + "]",
        _ when ReferenceEquals(value, Missing) => "<no value>",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// Go's <c>%v</c> of a float64 (strconv 'g', shortest digits): exponent form when the decimal exponent is below -4
    /// or at least 6 — so 123456 prints as is and 1000000 as <c>1e+06</c>.
    /// </summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0)
        {
            return "0";
        }
        var (negative, digits, point) = Digits(value);
        var exponent = point - 1;
        var sign = negative ? "-" : string.Empty;
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        if (point <= 0)
        {
            return $"{sign}0.{new string('0', -point)}{digits}";
        }
        return point >= digits.Length
            ? sign + digits + new string('0', point - digits.Length)
            : $"{sign}{digits[..point]}.{digits[point..]}";
    }

    /// <summary>The shortest round-trip digits of a value and where the decimal point goes (value = 0.digits × 10^point).</summary>
    private static (bool Negative, string Digits, int Point) Digits(double value)
    {
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? text.Length : dot;
        var all = text.Replace(".", string.Empty, StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.Trim('0');
        return (value < 0, all, integerDigits - leading + exponent);
    }
}
