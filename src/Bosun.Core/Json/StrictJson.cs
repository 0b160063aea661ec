using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Bosun.Core.Json;

/// <summary>
/// The one way request bodies become JSON: a body must be UTF-8, may nest at most <see cref="MaxDepth"/> levels, and
/// may not repeat a key or hold a lone surrogate. Each failure is a message for a 4xx, never an exception thrown later
/// from a lazy node. (The server limits a body by the bytes it actually reads before it gets here.)
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 64;

    public static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>As <see cref="Options"/>, with comments skipped (events from Keptn's tooling may carry them).</summary>
    public static readonly JsonDocumentOptions WithComments = Options with { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Parses <paramref name="utf8"/>; on failure <paramref name="error"/> says why.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, JsonDocumentOptions options, out string? error)
    {
        error = Check(utf8);
        if (error is not null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(utf8, documentOptions: options);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>What <see cref="JsonNode"/> would only find lazily: invalid UTF-8 and lone surrogates in escapes.</summary>
    private static string? Check(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return "the body is not valid UTF-8";
        }
        // A surrogate can only arrive escaped (\uD800); most bodies have no \u at all and skip the scan.
        if (utf8.IndexOf("\\u"u8) < 0)
        {
            return null;
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return $"a string at byte {reader.TokenStartIndex} holds a lone surrogate escape (\\uD800–\\uDFFF without its pair)";
        }
        catch (JsonException e)
        {
            return e.Message;
        }
        return null;
    }
}
