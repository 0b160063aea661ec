using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Json;
using Bosun.Server.Engine;

namespace Bosun.Server.Api;

/// <summary>
/// Reads a CloudEvent from a request (structured JSON, or binary mode with <c>ce-*</c> headers) and checks it
/// with Keptn's inbound validation (spec §4.1.1) and Bosun's decisions 1–2. CloudEvents stop here: what
/// goes on is a Core <see cref="KeptnEvent"/>.
/// Not CloudNative.CloudEvents' formatter: Keptn clients send what it refuses (no <c>id</c>, the Argo CD
/// template's trailing comma, Keptn's <c>contenttype</c>), and its ASP.NET binding package is not available here.
/// </summary>
internal static class InboundEvent
{
    private static readonly string[] Results = [KeptnResult.Pass, KeptnResult.Warning, KeptnResult.Fail];
    private static readonly string[] Statuses = [KeptnStatus.Succeeded, KeptnStatus.Errored, KeptnStatus.Aborted, KeptnStatus.Unknown];

    public static async Task<(KeptnEvent? Event, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, DateTimeOffset now)
    {
        if (await JsonBody.ReadBodyAsync(request, maxBytes) is not { } body)
        {
            return (null, ApiError.Result(StatusCodes.Status413PayloadTooLarge, $"event is larger than the limit of {maxBytes / 1024} KiB"));
        }
        JsonObject envelope;
        try
        {
            envelope = request.Headers.ContainsKey("ce-type") || request.Headers.ContainsKey("ce-specversion")
                ? FromBinary(request, body)
                : Json(body) as JsonObject ?? throw new FormatException("the body must be a JSON object (a CloudEvent)");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return (null, ApiError.BadRequest($"request body is not valid JSON: {e.Message}"));
        }
        var error = Validate(envelope, out var type, out var data);
        if (error is not null)
        {
            return (null, ApiError.BadRequest(error));
        }
        var parsed = KeptnEventType.Parse(type);
        var isAnswer = parsed.IsTask && parsed.Kind is EventKind.Started or EventKind.Finished;
        var given = Text(envelope, "shkeptncontext");
        string NewId() => EventIds.New(now);
        var context = isAnswer && string.IsNullOrEmpty(given) ? string.Empty : KeptnContextId.Resolve(given, NewId);
        var extensions = new JsonObject();
        foreach (var (key, value) in envelope)
        {
            if (!KeptnEventJson.IsKnownAttribute(key))
            {
                extensions[key] = value?.DeepClone();
            }
        }
        var evt = new KeptnEvent(
            Text(envelope, "id") is { Length: > 0 } id ? id : NewId(),
            Text(envelope, "source")!,
            type,
            context,
            Text(envelope, "triggeredid") is { Length: > 0 } t ? t : null,
            now,
            data!,
            Text(envelope, "gitcommitid"),
            extensions.Count > 0 ? extensions : null);
        return (evt, null);
    }


    private static string? Validate(JsonObject envelope, out string type, out JsonObject? data)
    {
        type = Text(envelope, "type") ?? string.Empty;
        data = envelope["data"] as JsonObject;
        if (type.Length == 0)
        {
            return "field 'type' is missing";
        }
        if (string.IsNullOrEmpty(Text(envelope, "source")))
        {
            return "field 'source' is missing";
        }
        if (Text(envelope, "specversion") is { } version && version != KeptnEvent.SpecVersion)
        {
            return $"field 'specversion' must be \"1.0\", not \"{version}\"";
        }
        if (envelope["data"] is null)
        {
            return "field 'data' is missing";
        }
        if (data is null)
        {
            return "field 'data' must be a JSON object";
        }
        foreach (var name in new[] { "id", "shkeptncontext", "triggeredid", "gitcommitid" })
        {
            if (envelope[name] is { } node && node.GetValueKind() != JsonValueKind.String)
            {
                return $"field '{name}' must be a string";
            }
        }
        if (type is "sh.keptn.log.error" or "sh.keptn.events.problem")
        {
            return null;
        }
        if (type == "sh.keptn.event.monitoring.configure")
        {
            return MissingFields(data, "project", "type");
        }
        if (TypeError(type) is { } typeError)
        {
            return typeError;
        }
        var parsed = KeptnEventType.Parse(type);
        if (!parsed.IsKeptnEvent)
        {
            return $"unknown event type '{type}': expected sh.keptn.event.<task>.<kind> or sh.keptn.event.<stage>.<sequence>.triggered";
        }
        if (parsed.IsSequence)
        {
            if (parsed.Kind != EventKind.Triggered)
            {
                return $"unknown event type action: {parsed.KindText} (a sequence event sent to the API must be .triggered)";
            }
            return MissingFields(data, "project", "stage", "service") ?? Names(data)
                ?? (data.GetString("stage") != parsed.Stage
                    ? $"stage name in event data ({data.GetString("stage")}) and in event type ({parsed.Stage}) does not match"
                    : null);
        }
        return parsed.Kind switch
        {
            EventKind.Triggered => $"event type {type}: task .triggered events are sent by Bosun's engine, not by clients; trigger a sequence with sh.keptn.event.<stage>.<sequence>.triggered",
            EventKind.Started => MissingFields(data, "project", "stage", "service") ?? Names(data),
            EventKind.Finished => MissingFields(data, "project", "stage", "service") ?? Names(data) ?? CheckFinished(data),
            EventKind.Invalidated => null,
            _ => $"unknown event type action: {parsed.KindText}",
        };
    }

    /// <summary>
    /// An event type is stored, shown and used as a metric label: at most 255 characters, its dot-separated parts
    /// made of letters, digits, '-' and '_' (Keptn's names), so no type can hold a control character or a space.
    /// </summary>
    private static string? TypeError(string type)
    {
        if (type.Length > 255)
        {
            return $"field 'type' is longer than 255 characters";
        }
        foreach (var part in type.Split('.'))
        {
            if (part.Length == 0 || part.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                return $"field 'type' '{Core.Shipyard.EntityName.Quote(type)}' is not an event type: dot-separated parts of letters, digits, '-' and '_'";
            }
        }
        return null;
    }

    /// <summary>The project, stage and service an event names follow the one name rule (DESIGN §2), as in a path.</summary>
    private static string? Names(JsonObject data) =>
        Core.Shipyard.EntityName.CheckProject("data.project", data.GetString("project"))
        ?? Core.Shipyard.EntityName.CheckStage("data.stage", data.GetString("stage"))
        ?? Core.Shipyard.EntityName.CheckService("data.service", data.GetString("service"));

    private static string? CheckFinished(JsonObject data)
    {
        foreach (var field in new[] { "result", "status" })
        {
            if (data[field] is { } node && node.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $"data.{field} must be a string";
            }
        }
        var result = data.GetString("result");
        if (string.IsNullOrEmpty(result))
        {
            return "result field is not set: data.result must be pass, warning or fail";
        }
        if (!Results.Contains(result))
        {
            return $"data.result '{result}' must be pass, warning or fail";
        }
        var status = data.GetString("status");
        return string.IsNullOrEmpty(status) || Statuses.Contains(status)
            ? null
            : $"data.status '{status}' must be succeeded, errored, aborted or unknown";
    }

    private static string? MissingFields(JsonObject data, params string[] names)
    {
        var missing = names.Where(n => string.IsNullOrEmpty(data.GetString(n))).Select(n => "data." + n).ToList();
        return missing.Count == 0 ? null : $"mandatory field(s) missing: {string.Join(", ", missing)}";
    }

    private static string? Text(JsonObject obj, string name) => obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static JsonObject FromBinary(HttpRequest request, byte[] body)
    {
        var envelope = new JsonObject();
        foreach (var (key, value) in request.Headers)
        {
            if (key.StartsWith("ce-", StringComparison.OrdinalIgnoreCase) && key.Length > 3)
            {
                envelope[key[3..].ToLowerInvariant()] = Uri.UnescapeDataString(value.ToString());
            }
        }
        envelope["data"] = body.Length == 0 ? null : Json(body);
        return envelope;
    }

    private static JsonNode? Json(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new FormatException("the body is empty: it must be a JSON object (a CloudEvent)");
        }
        var node = StrictJson.Parse(body, StrictJson.WithComments, out var error);
        return error is null ? node : throw new FormatException(error);
    }
}
