using Bosun.Server.Workers;
using Bosun.Storage;

namespace Bosun.Server.Engine;

/// <summary>
/// Brings this process's copies that API calls and integrations read (the project catalog, the parsed webhook files) up
/// to the versions of a shared store before they are used, so what another replica wrote is what this one serves at once
/// (DESIGN §5). On a store with one writer the writer keeps them current and there is nothing to do.
/// </summary>
internal sealed class StoreFreshness(IStore store, ProjectCatalog catalog, WebhookFiles webhooks)
{
    public bool IsShared => store is ISharedStore;

    public async Task EnsureCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (store is ISharedStore shared)
        {
            var versions = await shared.VersionsAsync(cancellationToken);
            webhooks.EnsureCurrent(versions.Resources);
            await catalog.EnsureCurrentAsync(store, versions.Catalog, cancellationToken);
        }
    }
}
