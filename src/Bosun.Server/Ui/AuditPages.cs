using System.Globalization;
using Bosun.Server.Access;
using Bosun.Server.Api;
using Bosun.Server.Ui.Components;
using Bosun.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bosun.Server.Ui;

/// <summary>
/// <c>/audit</c> (DESIGN §8): who changed what and when, newest first, filtered by project and time as
/// <c>GET /api/bosun/v1/audit</c> is. A token limited to projects sees the entries of one of its projects at a time.
/// </summary>
internal static class AuditPages
{
    public const int PageSize = 50;

    public static IEndpointRouteBuilder MapAuditPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", PageAsync).ChecksProject(Right.Read);
        return app;
    }

    private static async Task<IResult> PageAsync(HttpContext context, UiSession session, IStore store, string? project, string? from, string? to, string? offset)
    {
        if (UiPages.SessionOf(context, session) is not { } id)
        {
            return UiPages.ToLogin(context);
        }
        var token = session.FormToken(id);
        var caller = Caller.Of(context)!;
        project = string.IsNullOrWhiteSpace(project) ? caller.Projects?.FirstOrDefault() : project.Trim();
        if (!caller.MayUse(project))
        {
            return UiPages.Forbidden(caller.NotIn(project), token);
        }
        if (!TimeParam.TryParse(from, out var fromTime) || !TimeParam.TryParse(to, out var toTime))
        {
            return UiPages.Message("Bad filter", "from and to must be times such as 2026-12-01T10:00:00Z.", token, StatusCodes.Status400BadRequest);
        }
        if (!int.TryParse(offset ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
        {
            return UiPages.Message("Bad page", $"offset '{offset}' must be a number of entries to skip.", token, StatusCodes.Status400BadRequest);
        }
        var page = await store.QueryAuditAsync(new AuditQuery { Project = project, FromTime = fromTime, BeforeTime = toTime, Offset = skip, PageSize = PageSize });
        var filter = new AuditFilter(project ?? "", from ?? "", to ?? "");
        return new RazorComponentResult<AuditPage>(new { Filter = filter, Page = page, Offset = skip, FormToken = token });
    }
}

/// <summary>The audit page's filter, as given (for its form and its next page's link).</summary>
public sealed record AuditFilter(string Project, string From, string To)
{
    public string Link(int offset) =>
        "/audit?" + string.Join('&', new[] { ("project", Project), ("from", From), ("to", To), ("offset", offset == 0 ? "" : offset.ToString(CultureInfo.InvariantCulture)) }
            .Where(p => p.Item2.Length > 0).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
}
