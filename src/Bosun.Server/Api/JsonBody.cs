using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Server.Api;

/// <summary>Reads a JSON object request body, with a clear 400 when it is not one.</summary>
internal static class JsonBody
{
    private const int MaxBytes = 8 * 1024 * 1024;
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true };

    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ApiError.Result(StatusCodes.Status413PayloadTooLarge, $"request body is larger than {MaxBytes / 1024 / 1024} MiB"));
        }
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, documentOptions: Lenient);
            return node is JsonObject obj ? (obj, null) : (null, ApiError.BadRequest("request body must be a JSON object"));
        }
        catch (JsonException e)
        {
            return (null, ApiError.BadRequest($"request body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>The first of <paramref name="fields"/> that is present but neither a string nor null, or null.</summary>
    public static string? NonStringField(this JsonObject obj, params string[] fields) =>
        fields.FirstOrDefault(f => obj[f] is { } value && value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null));

    public static string? GetStringOrNull(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
