using System.Collections.Concurrent;
using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Runs the built-in integrations' work rows (docs/architecture.md, "Claims, not memory"): the rows the dispatcher
/// handed to this process, and any row nobody holds (a crashed process's, or one given back to run later), claimed
/// with a lease it renews while the work runs. A row is removed once its work ran to the end, if the claim is still
/// this process's; work that failed unexpectedly is given back to run again after a back-off. On shutdown it takes no
/// more work, lets what is in hand finish within the shutdown timeout, and gives back the rest at once.
/// </summary>
internal sealed partial class WorkRunner(
    EventPipeline pipeline,
    WorkSignal signal,
    IEnumerable<IWorkIntegration> integrations,
    TimeProvider time,
    ILogger<WorkRunner> log) : BackgroundService
{
    /// <summary>How long a claim lasts without renewal: a dead holder's work is taken over after at most this (plus a poll).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private const int MaxInFlight = 256;

    private readonly Dictionary<string, IWorkIntegration> _integrations = integrations.ToDictionary(i => i.Name, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (WorkClaim Claim, Task Run)> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private readonly CancellationTokenSource _release = new();
    private volatile bool _stopping;

    /// <summary>Who holds this process's claims.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Integrations by name, for the dispatcher.</summary>
    public IEnumerable<IWorkIntegration> Integrations => _integrations.Values;

    /// <summary>Starts work the dispatcher committed as this process's.</summary>
    public void Take(IReadOnlyList<WorkClaim> claims)
    {
        foreach (var claim in claims)
        {
            Start(claim);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_integrations.Count == 0)
        {
            return;
        }
        var names = _integrations.Keys.ToList();
        var renewedAt = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var room = MaxInFlight - _running.Count;
                if (room > 0)
                {
                    IReadOnlyList<WorkClaim> claims;
                    try
                    {
                        claims = await pipeline.Submit(ctx => ctx.Batch.ClaimWork(names, Owner, ctx.Now, ctx.Now + Lease, room), flush: false);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OperationCanceledException)
                    {
                        // The store did not answer: the rows stay where they are; try again after a poll.
                        ClaimFailed(log, e);
                        claims = [];
                    }
                    Take(claims);
                    if (claims.Count == room)
                    {
                        continue;
                    }
                }
                if (time.GetElapsedTime(renewedAt) >= Lease / 3)
                {
                    renewedAt = time.GetTimestamp();
                    await RenewAsync();
                }
                await signal.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync()
    {
        var ids = _running.Keys.ToList();
        if (ids.Count == 0)
        {
            return;
        }
        try
        {
            var held = await pipeline.Submit(ctx => ctx.Batch.RenewWork(Owner, ids, ctx.Now + Lease), flush: false);
            if (held < ids.Count)
            {
                ClaimsLost(log, ids.Count - held);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RenewFailed(log, e);
        }
    }

    private void Start(WorkClaim claim)
    {
        if (!_integrations.TryGetValue(claim.Integration, out var integration))
        {
            return;
        }
        var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(claim.Id, (claim, run.Task)))
        {
            return;
        }
        _ = RunAsync(claim, integration).ContinueWith(_ => run.TrySetResult(), TaskScheduler.Default);
    }

    /// <summary>One row to its end; never throws (every outcome is logged and left in the store as it should be).</summary>
    private async Task RunAsync(WorkClaim claim, IWorkIntegration integration)
    {
        await Task.Yield();
        try
        {
            if (_stopping)
            {
                await GiveBackAsync(claim, time.GetUtcNow());
                return;
            }
            using var released = integration.GivesBackOnStop ? CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token, _release.Token) : null;
            var result = await integration.RunAsync(claim, new WorkEnd(claim.Id, Owner, claim.Epoch), released?.Token ?? _abandon.Token);
            if (result.WaitUntil is { } until)
            {
                await GiveBackAsync(claim, until);
            }
            else if (!result.Ended)
            {
                await pipeline.Submit(ctx => ctx.Batch.CompleteWork(claim.Id, Owner, claim.Epoch), flush: false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException && (_abandon.IsCancellationRequested || _stopping))
        {
            if (integration.GivesBackOnStop && !_abandon.IsCancellationRequested)
            {
                // Let go at once on stop: another process carries on where the outside stands.
                await GiveBackAsync(claim, time.GetUtcNow());
            }
            // Else the shutdown ran out of time, or the writer stopped: StopAsync (or the lease) gives the row back.
        }
        catch (Exception e)
        {
            var retry = Backoff(claim.Attempts);
            Failed(log, e, claim.Integration, claim.Key, claim.Event.Type, claim.Event.Id, claim.Event.KeptnContext, retry.TotalSeconds);
            await GiveBackAsync(claim, time.GetUtcNow() + retry);
        }
        finally
        {
            _running.TryRemove(claim.Id, out _);
        }
    }

    private async Task GiveBackAsync(WorkClaim claim, DateTimeOffset dueAt)
    {
        try
        {
            await pipeline.Submit(ctx => ctx.Batch.ReleaseWork(claim.Id, Owner, claim.Epoch, dueAt), flush: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The lease runs out by itself; the row is taken again then.
            RenewFailed(log, e);
        }
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Clamp(attempts, 1, 6))));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await _release.CancelAsync();
        await base.StopAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_running.Values.Select(r => r.Run)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        var left = _running.Values.Select(r => r.Claim).ToList();
        if (left.Count == 0)
        {
            return;
        }
        await _abandon.CancelAsync();
        try
        {
            await pipeline.Submit(ctx =>
            {
                foreach (var claim in left)
                {
                    ctx.Batch.ReleaseWork(claim.Id, Owner, claim.Epoch, ctx.Now);
                }
                return left.Count;
            });
            GaveBack(log, left.Count);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // The writer stopped first: the leases run out by themselves (at once on SQLite's next start).
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        _release.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Integration} work '{Key}' on {Type} {Id} failed unexpectedly; it runs again in {RetrySeconds} s (context {KeptnContext})")]
    private static partial void Failed(ILogger log, Exception error, string integration, string key, string type, string id, string keptnContext, double retrySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming work failed; trying again after a poll")]
    private static partial void ClaimFailed(ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing or giving back work claims failed; their leases run out by themselves")]
    private static partial void RenewFailed(ILogger log, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} work claim(s) of this process were taken over by another")]
    private static partial void ClaimsLost(ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutdown: gave back {Count} unfinished work item(s) for another process to carry on")]
    private static partial void GaveBack(ILogger log, int count);
}
