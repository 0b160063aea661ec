using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// A singleton's lease on a shared store (docs/architecture.md, "Singletons hold a lease"): taken when free or run out,
/// renewed while held, given up on stop; its epoch fences the holder's commits. On a store with one writer this process
/// always holds it.
/// </summary>
internal sealed class LeaseHolder(IStore store, string name, string owner, TimeProvider time)
{
    private static readonly LeaseFence Alone = new("alone", "this process", 0);
    private LeaseFence? _held;
    private long _checkedAt;

    /// <summary>The lease as held now, renewed when a third of it went by; null while another process holds it.</summary>
    public async Task<LeaseFence?> HoldAsync(CancellationToken cancellationToken)
    {
        if (store is not ISharedStore shared)
        {
            return Alone;
        }
        if (_checkedAt != 0 && time.GetElapsedTime(_checkedAt) < WorkRunner.Lease / 3)
        {
            return _held;
        }
        var now = time.GetUtcNow();
        var epoch = await shared.AcquireLeaseAsync(name, owner, now, now + WorkRunner.Lease, cancellationToken);
        _checkedAt = time.GetTimestamp();
        _held = epoch is { } e ? new LeaseFence(name, owner, e) : null;
        return _held;
    }

    public async Task ReleaseAsync()
    {
        if (store is ISharedStore shared && _held is not null)
        {
            _held = null;
            await shared.ReleaseLeaseAsync(name, owner, CancellationToken.None);
        }
    }
}
