using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Json;
using Bosun.Core.Monitoring;
using Bosun.Core.Webhooks;
using Bosun.Core.Yaml;
using CsCheck;

namespace Bosun.Core.Tests.Properties;

/// <summary>
/// Property tests where a parser has a printer to round-trip through (CsCheck; a failure prints the seed to replay):
/// YAML is a superset of JSON, the strict JSON reader reads back what a writer wrote, metric labels unescape to
/// themselves, every masked form of a secret disappears, and every IPv6 form of a denied IPv4 address is denied.
/// </summary>
public sealed class RoundTripProperties
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Characters as a client may send them, without lone surrogates (the strict reader refuses those).</summary>
    private static readonly Gen<string> Text = Gen.Char[' ', '\uD7FF'].Array[0, 12].Select(c => new string(c));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Text.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        // + 0.0 turns -0 into 0: YAML (like Go's yaml.v3) reads a plain -0 as the integer 0.
        Gen.Double[-1e12, 1e12].Select(d => (JsonNode?)JsonValue.Create(Math.Round(d, 3) + 0.0)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static Gen<JsonNode?> Tree(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (2, Scalar),
        (1, Tree(depth - 1).Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
        (1, Gen.Select(Gen.String[Gen.Char["abcdefgh"], 1, 6], Tree(depth - 1)).Array[0, 4].Select(pairs =>
        {
            var obj = new JsonObject();
            foreach (var (key, value) in pairs)
            {
                obj[key] = value;
            }
            return (JsonNode?)obj;
        })));

    private static readonly Gen<string> JsonText = Tree(3).Where(n => n is JsonObject or JsonArray).Select(n => n!.ToJsonString(Relaxed));

    [Fact]
    public void Yaml_ReadsAnyJsonDocument_AsJsonDoes() =>
        JsonText.Sample(json => YamlDocument.Parse(json)!.ToJsonString(Relaxed) == json);

    [Fact]
    public void StrictJson_ReadsBackWhatAWriterWrote() =>
        JsonText.Sample(json => StrictJson.Parse(Encoding.UTF8.GetBytes(json), StrictJson.Options, out var error)!.ToJsonString(Relaxed) == json && error is null);

    [Fact]
    public void StrictJson_RefusesAnyRepeatedKey() =>
        Gen.Select(JsonText, Gen.String[Gen.Char["abc"], 1, 4]).Sample((json, key) =>
        {
            var doubled = $"{{\"{key}\":1,\"x\":{json},\"{key}\":2}}";
            return StrictJson.Parse(Encoding.UTF8.GetBytes(doubled), StrictJson.Options, out var error) is null && error!.Contains(key, StringComparison.Ordinal);
        });

    [Fact]
    public void MetricLabel_UnescapesToItself_AndNeverBreaksALine() =>
        Gen.String.Sample(value =>
        {
            var escaped = MetricLabels.Escape(value);
            return !escaped.Contains('\n', StringComparison.Ordinal) && Unescape(escaped) == value;
        });

    [Fact]
    public void EveryFormOfASecret_IsMasked() =>
        Gen.String[Gen.Char[' ', '\u2FFF'], 6, 30].Sample(secret =>
        {
            var mask = SecretMask.For(new Dictionary<string, string> { ["s"] = secret });
            string[] forms = [secret, JsonSerializer.Serialize(secret), JsonSerializer.Serialize(secret, Relaxed), Uri.EscapeDataString(secret), WebUtility.UrlEncode(secret), Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))];
            return forms.All(form => !mask.Apply($"<{form}>").Contains(form.Trim('"'), StringComparison.Ordinal));
        });

    [Fact]
    public void EveryIPv6FormOfADeniedIPv4Address_IsDenied()
    {
        var policy = new AddressPolicy();
        var denied = Gen.OneOf(Gen.Byte.Array[3].Select(b => new byte[] { 127, b[0], b[1], b[2] }), Gen.Byte.Array[2].Select(b => new byte[] { 169, 254, b[0], b[1] }));
        denied.Sample(v4 =>
        {
            List<byte[]> forms =
            [
                [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, .. v4],
                [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. v4],
                [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, .. v4],
                [0x20, 0x02, .. v4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                [0x20, 0x01, 0, 0, .. v4, 0, 0, 0, 0, .. v4.Select(b => (byte)~b)],
            ];
            return forms.All(bytes => policy.DenyAddress(new IPAddress(bytes)) is not null);
        });
    }

    private static string Unescape(string escaped)
    {
        var text = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length)
            {
                text.Append(escaped[++i] switch { 'n' => '\n', var c => c });
            }
            else
            {
                text.Append(escaped[i]);
            }
        }
        return text.ToString();
    }
}
