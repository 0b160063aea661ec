using System.Security.Cryptography;
using System.Text;
using Bosun.Server.Hosting;
using Bosun.Storage;

namespace Bosun.Server.Access;

/// <summary>
/// Finds the caller of a presented token (DESIGN §8): the API token is the <c>admin</c> named <c>default</c>; any
/// other is looked up by the SHA-256 of its value among the stored tokens. The stored tokens are kept in memory for
/// <see cref="Fresh"/> and re-read at once after a change on this replica, so a token revoked on another replica
/// stops working here within that time. A token not found re-reads them (at most once per <see cref="MissRereadAfter"/>),
/// so one just created elsewhere works at once. Every comparison is in constant time.
/// </summary>
internal sealed class TokenDirectory(ApiToken apiToken, IStore store, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MissRereadAfter = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(IReadOnlyList<TokenRecord> Tokens, DateTimeOffset ReadAt);

    /// <summary>The SHA-256 of a token's value: what the store keeps.</summary>
    public static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    /// <summary>The caller a presented token is, or null when it is none.</summary>
    public async Task<Caller?> FindAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        if (apiToken.Matches(presented))
        {
            return Caller.Default;
        }
        var hash = Hash(presented);
        var snapshot = await CurrentAsync(null, cancellationToken);
        if (Match(snapshot, hash) is { } found)
        {
            return found;
        }
        return time.GetUtcNow() - snapshot.ReadAt >= MissRereadAfter ? Match(await CurrentAsync(snapshot, cancellationToken), hash) : null;
    }

    /// <summary>A stored token by name (for a web UI session), or null when it was revoked.</summary>
    public async Task<TokenRecord?> ByNameAsync(string name, CancellationToken cancellationToken = default) =>
        (await CurrentAsync(null, cancellationToken)).Tokens.FirstOrDefault(t => t.Name == name);

    /// <summary>Forgets what was read: the next call reads the store (after a change of a token on this replica).</summary>
    public void Changed() => _snapshot = null;

    private static Caller? Match(Snapshot snapshot, byte[] hash)
    {
        TokenRecord? found = null;
        foreach (var token in snapshot.Tokens)
        {
            // Every stored hash is compared, so the time taken does not say which one (if any) matched.
            if (CryptographicOperations.FixedTimeEquals(token.Hash, hash))
            {
                found = token;
            }
        }
        return found is null ? null : new Caller(found.Name, found.Role, found.Projects);
    }

    /// <param name="stale">A snapshot to replace even though it is fresh (a miss); null to take any fresh one.</param>
    private async Task<Snapshot> CurrentAsync(Snapshot? stale, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot != stale && time.GetUtcNow() - snapshot.ReadAt < Fresh)
        {
            return snapshot;
        }
        await _reading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have read it while this one waited.
            if (_snapshot is { } read && read != snapshot && read != stale)
            {
                return read;
            }
            var readAt = time.GetUtcNow();
            var fresh = new Snapshot(await store.ListTokensAsync(cancellationToken), readAt);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _reading.Release();
        }
    }
}
