using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Server.Ui.Live;
using Bosun.Server.Workers;
using Bosun.Storage.Sqlite;
using Bosun.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bosun.Server.Tests.Ui;

/// <summary>The live feed's hand-out to listeners (DESIGN §6), against a real SQLite store.</summary>
public sealed class LiveFeedTests
{
    [Fact]
    public async Task OneCommitOfMoreHeadsThanAPageShows_ReachesAListenerThatKeepsUp_Whole()
    {
        // A batch of a hundred triggers stores two hundred events and more in one commit; before, a listener's buffer
        // held 256 heads, so the oldest of a larger commit were lost even by a listener that read at once.
        using var directory = new TempDirectory();
        using var store = SqliteStore.Open(directory.Combine("bosun.db"));
        var stored = new StoredSignal();
        var feed = new LiveFeed(store, stored, TimeProvider.System, NullLogger<LiveFeed>.Instance);
        await feed.StartAsync(CancellationToken.None);
        try
        {
            using var listener = feed.Listen();
            await listener.Reading.WaitAsync(TimeSpan.FromSeconds(30));
            const int count = 900;
            using (var write = store.BeginWrite())
            {
                for (var i = 0; i < count; i++)
                {
                    write.InsertEvent(new KeptnEvent($"e{i}", "test", "sh.keptn.event.deliver.finished", "ctx", null, DateTimeOffset.UnixEpoch, new JsonObject { ["project"] = "p" }));
                }
                write.Commit();
            }
            stored.Notify();
            var heads = new List<long>();
            await Eventually.Until(() =>
            {
                while (listener.Reader.TryRead(out var head))
                {
                    heads.Add(head.Seq);
                }
                return heads.Count >= count;
            }, TimeSpan.FromSeconds(30), $"{count} heads of one commit on the listener");
            Assert.Equal(count, heads.Distinct().Count());
            Assert.True(count < LiveFeed.ListenerBuffer);
        }
        finally
        {
            await feed.StopAsync(CancellationToken.None);
        }
    }
}
