using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Engine;

/// <summary>
/// Brings this process's copies that API calls and integrations read (the project catalog, the parsed webhook files) up
/// to the versions of a shared store before they are used, so what another replica wrote is what this one serves at once
/// (DESIGN §5). On a store with one writer the writer keeps them current and there is nothing to do.
/// </summary>
/// <remarks>
/// Callers share reads (docs/architecture.md, "Cached, but never stale"): a caller waits for the next read that starts
/// after it asked, never for one already on its way, so it sees every commit made before it asked; all who asked while
/// one read was on its way share the next. Under load that is one round trip for many requests instead of one each.
/// </remarks>
internal sealed class StoreFreshness(IStore store, ProjectCatalog catalog, WebhookFiles webhooks)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource<StoreVersions>? _next;
    private bool _reading;

    /// <summary>Endpoint metadata: the endpoint reads none of the copies, so its calls skip the check.</summary>
    public static readonly object NotNeeded = new NotNeededMarker();

    public bool IsShared => store is ISharedStore;

    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (store is ISharedStore shared)
        {
            var versions = await VersionsAsync(shared).WaitAsync(cancellationToken);
            webhooks.EnsureCurrent(versions.Resources);
            await catalog.EnsureCurrentAsync(store, versions.Catalog, cancellationToken);
        }
    }

    private Task<StoreVersions> VersionsAsync(ISharedStore shared)
    {
        lock (_gate)
        {
            var mine = (_next ??= new TaskCompletionSource<StoreVersions>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            if (!_reading)
            {
                Read(shared);
            }
            return mine;
        }
    }

    /// <summary>Starts the read for everyone waiting; called under the lock. The read always completes their task.</summary>
    private void Read(ISharedStore shared)
    {
        var waiting = _next!;
        _next = null;
        _reading = true;
        _ = Task.Run(async () =>
        {
            try
            {
                waiting.SetResult(await shared.VersionsAsync());
            }
            catch (Exception e)
            {
                waiting.SetException(e);
            }
            lock (_gate)
            {
                _reading = false;
                if (_next is not null)
                {
                    Read(shared);
                }
            }
        });
    }

    private sealed record NotNeededMarker;
}
