using Bosun.Storage;

namespace Bosun.Server.Ui.Live;

/// <summary>
/// The store's head (highest event <c>seq</c>) read before a page reads its data, so the page's live stream starts
/// from it and nothing stored between the two reads is missed. Kept in the request's items for the layout.
/// </summary>
internal static class LiveHead
{
    private const string Key = "bosun.live.after";

    public static RouteGroupBuilder ReadingLiveHead(this RouteGroupBuilder pages)
    {
        pages.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Items[Key] = await context.RequestServices.GetRequiredService<IStore>().MaxEventSeqAsync(context.RequestAborted);
            }
            return await next(invocation);
        });
        return pages;
    }

    public static long? Of(HttpContext? context) => context?.Items[Key] as long?;
}
