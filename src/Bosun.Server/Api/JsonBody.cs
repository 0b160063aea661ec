using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Json;

namespace Bosun.Server.Api;

/// <summary>
/// Reads a JSON object request body through <see cref="StrictJson"/>, with a clear 4xx when it is not one. A body is
/// limited by the bytes actually read, so a chunked body (no length to check) cannot pass the limit.
/// </summary>
internal static class JsonBody
{
    /// <summary>A request body of the API other than events and resources.</summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    public static async Task<(JsonObject? Body, IResult? Error)> ReadObjectAsync(HttpRequest request, int maxBytes = DefaultMaxBytes)
    {
        if (await ReadBodyAsync(request, maxBytes) is not { } bytes)
        {
            return (null, ApiError.Result(StatusCodes.Status413PayloadTooLarge, $"request body is larger than the limit of {Size(maxBytes)}"));
        }
        if (bytes.Length == 0)
        {
            return (null, ApiError.BadRequest("request body is empty: it must be a JSON object"));
        }
        var node = StrictJson.Parse(bytes, StrictJson.Options, out var error);
        if (error is not null)
        {
            return (null, ApiError.BadRequest($"request body is not valid JSON: {error}"));
        }
        return node is JsonObject obj ? (obj, null) : (null, ApiError.BadRequest("request body must be a JSON object"));
    }

    /// <summary>The body, or null when more than <paramref name="maxBytes"/> arrive (by length or as they are read).</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static string Size(int bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / 1024 / 1024} MiB" : $"{bytes / 1024} KiB";

    /// <summary>The first of <paramref name="fields"/> that is present but neither a string nor null, or null.</summary>
    public static string? NonStringField(this JsonObject obj, params string[] fields) =>
        fields.FirstOrDefault(f => obj[f] is { } value && value.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null));

    public static string? GetStringOrNull(this JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
