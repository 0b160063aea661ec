using System.Collections.Concurrent;
using System.Threading.Channels;
using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Ui.Live;

/// <summary>
/// The UI's live feed (DESIGN §6): while any page listens, one loop per process reads the heads of newly stored events
/// from the store (so it sees what every replica stored, not only this process) and hands each to every listener,
/// right after a commit it hears of (<see cref="StoredSignal"/>), else every <see cref="PollEvery"/>.
/// On PostgreSQL a lower <c>seq</c> may commit after a higher one has been read; the loop keeps the numbers it saw
/// skipped for <see cref="GapWait"/> and asks for them again, so a late commit still reaches the pages.
/// </summary>
internal sealed class LiveFeed(IStore store, StoredSignal stored, TimeProvider time, ILogger<LiveFeed> log) : BackgroundService
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan GapWait = TimeSpan.FromSeconds(5);
    private const int ReadLimit = 1000;
    private const int MaxGaps = 10_000;

    /// <summary>
    /// How many heads a slow listener may have waiting; past it the oldest go (a page refetches, so the newest matter). Two
    /// whole reads: one commit can store more heads than a few hundred, and a listener that keeps up must get them all.
    /// </summary>
    internal const int ListenerBuffer = 2 * ReadLimit;

    private readonly ConcurrentDictionary<Channel<EventHead>, byte> _listeners = new();
    private readonly Dictionary<long, DateTimeOffset> _gaps = [];
    private readonly SemaphoreSlim _someone = new(0);
    private readonly Lock _gate = new();
    private long _head = -1;
    private TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The highest <c>seq</c> handed out so far (-1 until the loop first read the store).</summary>
    public long Head => Interlocked.Read(ref _head);

    public int Listeners => _listeners.Count;


    /// <summary>A new listener: every head read from now on, until it is disposed.</summary>
    public Listener Listen()
    {
        var channel = Channel.CreateBounded<EventHead>(new BoundedChannelOptions(ListenerBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        Task reading;
        lock (_gate)
        {
            _listeners[channel] = 0;
            reading = _reading.Task;
        }
        _someone.Release();
        return new Listener(channel.Reader, reading, () =>
        {
            _listeners.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var idle = false;
            lock (_gate)
            {
                if (_listeners.IsEmpty)
                {
                    // Nobody listens: read nothing, and start from the store's head when someone comes.
                    idle = true;
                    Interlocked.Exchange(ref _head, -1);
                    _gaps.Clear();
                    if (_reading.Task.IsCompleted)
                    {
                        _reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            if (idle)
            {
                await _someone.WaitAsync(stoppingToken);
                continue;
            }
            var full = false;
            try
            {
                full = await ReadOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("The UI's live feed could not read the store: {Message}", e.Message);
            }
            if (!full)
            {
                // A commit here (or a replica's wake-up) reads at once; the poll catches what no signal announced.
                await stored.WaitAsync(PollEvery, stoppingToken);
            }
        }
    }

    /// <summary>One read of the store; true when it read a full batch (more may wait).</summary>
    private async Task<bool> ReadOnceAsync(CancellationToken cancellationToken)
    {
        if (Head < 0)
        {
            Interlocked.Exchange(ref _head, await store.MaxEventSeqAsync(cancellationToken));
            _reading.TrySetResult();
            return false;
        }
        var now = time.GetUtcNow();
        foreach (var old in _gaps.Where(g => now - g.Value > GapWait).Select(g => g.Key).ToList())
        {
            _gaps.Remove(old);
        }
        var heads = await store.ReadEventHeadsAsync(Head, _gaps.Keys, ReadLimit, cancellationToken);
        foreach (var head in heads)
        {
            if (head.Seq > Head)
            {
                for (var skipped = Head + 1; skipped < head.Seq && _gaps.Count < MaxGaps; skipped++)
                {
                    _gaps[skipped] = now;
                }
                Interlocked.Exchange(ref _head, head.Seq);
            }
            else
            {
                _gaps.Remove(head.Seq);
            }
            foreach (var listener in _listeners.Keys)
            {
                listener.Writer.TryWrite(head);
            }
        }
        return heads.Count == ReadLimit;
    }

    /// <summary>
    /// One page's share of the feed. <see cref="Reading"/> is done once the loop knows the store's head and reads on
    /// from it: a listener that reads the store's past after that misses nothing between its read and the loop's.
    /// </summary>
    public sealed class Listener(ChannelReader<EventHead> reader, Task reading, Action stop) : IDisposable
    {
        public ChannelReader<EventHead> Reader { get; } = reader;

        public Task Reading { get; } = reading;

        public void Dispose() => stop();
    }
}
