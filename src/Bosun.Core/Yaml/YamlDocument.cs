using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Bosun.Core.Yaml;

/// <summary>
/// Reads one YAML document into a JSON tree, typing plain scalars the way Go's yaml.v3 does. It reads the parser's
/// events without recursion, within <see cref="YamlLimits"/>: text size, nesting depth and a node budget that
/// counts what aliases copy.
/// </summary>
public static class YamlDocument
{
    /// <exception cref="YamlFormatException">The text is not YAML, or exceeds a limit (the message names it).</exception>
    public static JsonNode? Parse(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        if (text.Length > limits.MaxChars)
        {
            throw new YamlFormatException($"the document is {text.Length} characters, more than the limit of {limits.MaxChars}");
        }
        try
        {
            return new Reader(limits).Read(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            throw new YamlFormatException($"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
    }

    private sealed class Reader(YamlLimits limits)
    {
        private readonly Dictionary<string, (JsonNode? Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private readonly Stack<Open> _open = new();
        private int _nodes;

        public JsonNode? Read(IParser parser)
        {
            JsonNode? root = null;
            var done = false;
            while (Next(parser))
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart when done:
                        // Only the first document counts, as before; the rest is not read.
                        return root;
                    case MappingStart start:
                        Push(new JsonObject(), start.Anchor, current);
                        break;
                    case SequenceStart start:
                        Push(new JsonArray(), start.Anchor, current);
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = _open.Pop();
                        if (!closed.Anchor.IsEmpty)
                        {
                            _anchors[closed.Anchor.Value] = (closed.Node, _nodes - closed.NodesBefore);
                        }
                        if (Add(closed.Node, current))
                        {
                            root = closed.Node;
                            done = true;
                        }
                        break;
                    case Scalar scalar:
                        if (_open.TryPeek(out var parent) && parent.Node is JsonObject && parent.Key is null)
                        {
                            parent.Key = scalar.Value ?? string.Empty;
                            break;
                        }
                        Count(1, current);
                        var value = TypedScalar(scalar.Value, scalar.Style);
                        if (!scalar.Anchor.IsEmpty)
                        {
                            _anchors[scalar.Anchor.Value] = (value, 1);
                        }
                        if (Add(value, current))
                        {
                            root = value;
                            done = true;
                        }
                        break;
                    case AnchorAlias alias:
                        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                        {
                            throw Open.IsOpen(_open, alias.Value)
                                ? new YamlFormatException($"alias *{alias.Value.Value} at line {current.Start.Line} refers to a node that contains it")
                                : new YamlFormatException($"alias *{alias.Value.Value} at line {current.Start.Line} has no anchor before it");
                        }
                        if (_open.TryPeek(out var owner) && owner.Node is JsonObject && owner.Key is null)
                        {
                            owner.Key = anchored.Node?.ToString() ?? string.Empty;
                            break;
                        }
                        Count(anchored.Size, current);
                        var copy = anchored.Node?.DeepClone();
                        if (Add(copy, current))
                        {
                            root = copy;
                            done = true;
                        }
                        break;
                }
            }
            return root;
        }

        /// <summary>
        /// The parser's next event. YamlDotNet throws more than <see cref="YamlException"/> on some malformed text
        /// (found by fuzzing: an invalid tag, a scanner left in a bad state); each is invalid YAML, not a server error.
        /// </summary>
        private static bool Next(IParser parser)
        {
            try
            {
                return parser.MoveNext();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                var at = parser.Current?.End;
                throw new YamlFormatException($"invalid YAML{(at is { } mark ? $" after line {mark.Line}, column {mark.Column}" : string.Empty)}: {e.Message}");
            }
        }

        private void Push(JsonNode node, AnchorName anchor, ParsingEvent at)
        {
            if (_open.TryPeek(out var parent) && parent.Node is JsonObject && parent.Key is null)
            {
                throw new YamlFormatException($"YAML keys must be scalars (line {at.Start.Line})");
            }
            Count(1, at);
            if (_open.Count >= limits.MaxDepth)
            {
                throw new YamlFormatException($"the document nests deeper than the limit of {limits.MaxDepth} levels (line {at.Start.Line})");
            }
            _open.Push(new Open(node, anchor, _nodes - 1));
        }

        /// <summary>Adds a finished node to the open parent; true when it is the document's root.</summary>
        private bool Add(JsonNode? node, ParsingEvent at)
        {
            if (!_open.TryPeek(out var parent))
            {
                return true;
            }
            if (parent.Node is JsonArray array)
            {
                array.Add(node);
            }
            else
            {
                ((JsonObject)parent.Node)[parent.Key!] = node;
                parent.Key = null;
            }
            return false;
        }

        private void Count(int nodes, ParsingEvent at)
        {
            _nodes += nodes;
            if (_nodes > limits.MaxNodes)
            {
                throw new YamlFormatException($"the document has more than the limit of {limits.MaxNodes} nodes, counting what aliases copy (line {at.Start.Line})");
            }
        }
    }

    private sealed class Open(JsonNode node, AnchorName anchor, int nodesBefore)
    {
        public JsonNode Node { get; } = node;
        public AnchorName Anchor { get; } = anchor;
        public int NodesBefore { get; } = nodesBefore;
        public string? Key { get; set; }

        public static bool IsOpen(Stack<Open> open, AnchorName name) => open.Any(o => !o.Anchor.IsEmpty && o.Anchor.Value == name.Value);
    }

    /// <summary>A scalar as Go's yaml.v3 types it: quoted is a string; plain may be null, a boolean or a number.</summary>
    internal static JsonNode? TypedScalar(string? value, ScalarStyle style)
    {
        var text = value ?? string.Empty;
        if (style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Any(char.IsDigit))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(text);
    }
}
