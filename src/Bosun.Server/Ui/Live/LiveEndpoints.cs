using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Bosun.Core.Approvals;
using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Ui.Live;

/// <summary>
/// <c>GET /ui/live</c>: a page's server-sent-event stream (DESIGN §6). Each message is an event head, its SSE id the
/// event's <c>seq</c>, so a reconnecting browser's <c>Last-Event-ID</c> (or the page's <c>after</c>, the store's head
/// when it was rendered) replays what was stored meanwhile. <c>project</c> and <c>context</c> narrow the stream;
/// approval events always pass, for the header's count.
/// </summary>
internal static class LiveEndpoints
{
    public const string Path = "/ui/live";
    private const int ReplayLimit = 500;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Stream);
        return app;
    }

    private static IResult Stream(HttpContext context, UiSession session, LiveFeed feed, IStore store, TimeProvider time, string? project, string? keptnContext, string? after)
    {
        if (UiPages.SessionOf(context, session) is null)
        {
            return ApiError.Result(StatusCodes.Status401Unauthorized, "not signed in, or the session has expired: sign in at /login");
        }
        var from = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? after;
        if (!long.TryParse(from ?? "", System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
        {
            return ApiError.BadRequest("after (or the Last-Event-ID header) must be the seq of the last event the page saw");
        }
        return TypedResults.ServerSentEvents(ItemsAsync(feed, store, time, seq, new Filter(project, keptnContext), context.RequestAborted));
    }

    private sealed record Filter(string? Project, string? KeptnContext)
    {
        public bool Passes(EventHead head) =>
            IsApproval(head.Type)
            || ((string.IsNullOrEmpty(Project) || head.Project == Project) && (string.IsNullOrEmpty(KeptnContext) || head.KeptnContext == KeptnContext));

        private static bool IsApproval(string type) => KeptnEventType.Parse(type) is { IsTask: true } t && t.Name == ApprovalDecision.Task;
    }

    private static async IAsyncEnumerable<SseItem<EventHead?>> ItemsAsync(LiveFeed feed, IStore store, TimeProvider time, long after, Filter filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var listener = feed.Listen();
        await listener.Reading.WaitAsync(cancellationToken);
        var replay = await store.ReadEventHeadsAsync(after, [], ReplayLimit, cancellationToken);
        // Once what was stored before the stream is read: anything later reaches it through the listener.
        yield return new SseItem<EventHead?>(null, "hello") { ReconnectionInterval = Reconnect };
        var replayed = new HashSet<long>(replay.Select(h => h.Seq));
        if (replay.Count == ReplayLimit)
        {
            // Too much happened meanwhile to send one by one: the page reloads its regions once.
            yield return new SseItem<EventHead?>(null, "resync") { EventId = Id(replay[^1].Seq) };
        }
        else
        {
            foreach (var head in replay.Where(filter.Passes))
            {
                yield return Item(head);
            }
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var ready = false;
            try
            {
                ready = await listener.Reader.WaitToReadAsync(cancellationToken).AsTask().WaitAsync(Heartbeat, time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (!ready)
            {
                yield return new SseItem<EventHead?>(null, "ping");
                continue;
            }
            while (listener.Reader.TryRead(out var head))
            {
                if (!replayed.Remove(head.Seq) && filter.Passes(head))
                {
                    yield return Item(head);
                }
            }
        }
    }

    private static SseItem<EventHead?> Item(EventHead head) => new(head, "keptn") { EventId = Id(head.Seq) };

    private static string Id(long seq) => seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
