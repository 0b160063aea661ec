using Bosun.Core.Shipyard;
using Bosun.Server.Api;
using Microsoft.AspNetCore.Http.Features;

namespace Bosun.Server.Hosting;

/// <summary>
/// Checks paths after decoding, before any handler runs. Kestrel removes dot segments after it decodes the path, so
/// <c>…/service/%2e%2e</c> would address the project itself: a request whose raw target holds a <c>.</c> or <c>..</c>
/// segment in any encoding (plain, percent-encoded, double-encoded, or split by an encoded slash) is refused, and the
/// route values that name a project, stage, service or resource must pass <see cref="EntityName"/>.
/// </summary>
internal sealed class PathGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        if (DotSegment(raw) is { } segment)
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, $"the path segment '{EntityName.Quote(segment)}' is a '.' or '..' segment; names may not address other resources");
            return;
        }
        if (RouteError(context.Request.RouteValues) is { } error)
        {
            await ApiError.Write(context, StatusCodes.Status400BadRequest, error);
            return;
        }
        await next(context);
    }

    /// <summary>The first segment of the path that decodes, once or more, to <c>.</c> or <c>..</c>; null when none does.</summary>
    public static string? DotSegment(string rawTarget)
    {
        var end = rawTarget.IndexOfAny(['?', '#']);
        var path = end < 0 ? rawTarget : rawTarget[..end];
        var decoded = path;
        // Three rounds cover a proxy that decodes once more than Kestrel; stop early when nothing changes.
        for (var round = 0; round < 4; round++)
        {
            foreach (var segment in decoded.Split('/', '\\'))
            {
                if (segment is "." or "..")
                {
                    return segment;
                }
            }
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }
            decoded = next;
        }
        return null;
    }

    public static string? RouteError(RouteValueDictionary values)
    {
        foreach (var (key, value) in values)
        {
            if (value is not string text)
            {
                continue;
            }
            var error = key switch
            {
                "project" => EntityName.CheckProject("project", text),
                "stage" => EntityName.CheckStage("stage", text),
                "service" => EntityName.CheckService("service", text),
                "uri" => EntityName.CheckResourceUri("resourceURI", ResourceUriFromRoute(text)),
                _ => null,
            };
            if (error is not null)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>The resource URI a catch-all route value names: Kestrel leaves <c>%2F</c> encoded (Keptn's clients escape the slash).</summary>
    public static string ResourceUriFromRoute(string value) => Uri.UnescapeDataString(value).TrimStart('/');
}
