using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Access;

/// <summary>
/// <c>GET /api/bosun/v1/audit?project=&amp;from=&amp;to=</c> (DESIGN §8): who changed what and when, newest first, paged as
/// Keptn's lists are (<c>pageSize</c>, <c>nextPageKey</c>). A token limited to projects must name one of them.
/// </summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/bosun/v1/audit", QueryAsync);
        return app;
    }

    private static async Task<IResult> QueryAsync(HttpRequest request, string? project, string? from, string? to, IStore store)
    {
        if (!TimeParam.TryParseFromTo(from, to, out var fromTime, out var toTime, out var timeError))
        {
            return timeError!;
        }
        if (!Paging.TryParse(request, 50, 500, out var paging, out var error))
        {
            return error!;
        }
        var page = await store.QueryAuditAsync(new AuditQuery
        {
            Project = string.IsNullOrEmpty(project) ? null : project,
            FromTime = fromTime,
            BeforeTime = toTime,
            Offset = paging.Offset,
            PageSize = paging.PageSize,
        });
        return TypedResults.Ok(new AuditList(
            [.. page.Items.Select(e => new AuditItem(KeptnEventJson.FormatTime(e.Time), e.Token, e.Action, e.Target, e.Project))], page.NextPageKey));
    }
}
