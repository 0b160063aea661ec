using System.Globalization;
using System.Text;
using Bosun.Storage;

namespace Bosun.Server.Api;

/// <summary>A page of events in Keptn's shape, written from the stored JSON without re-serialising each event.</summary>
internal static class EventPages
{
    public static IResult Json(Page<string> page)
    {
        var text = new StringBuilder("{\"events\":[");
        text.AppendJoin(',', page.Items);
        text.Append(CultureInfo.InvariantCulture, $"],\"nextPageKey\":\"{page.NextPageKey ?? "0"}\",\"pageSize\":{page.PageSize},\"totalCount\":{page.TotalCount}}}");
        return TypedResults.Text(text.ToString(), "application/json; charset=utf-8");
    }
}
