using System.Security.Cryptography;
using Bosun.Server.Hosting;
using Bosun.Storage;

namespace Bosun.Server.Secrets;

/// <summary>
/// <c>bosun secrets rotate-key</c> (DESIGN §8): every secret sealed again, in one transaction with its audit entry.
/// With the data directory's key files a new key is made: written durably to <c>secret-key.next</c> first, so no
/// moment exists in which a committed secret is sealed with a key only memory holds; then every secret is re-sealed
/// with it; then the old key is kept as <c>secret-key.previous</c> (a server running meanwhile may have sealed with it)
/// and the new one replaces <c>secret-key</c> by an atomic rename. An interrupted rotation is finished by running it
/// again, and a server on the directory opens its secrets throughout (it knows every one of those keys). With keys from
/// the environment (replicas), it re-seals every secret with the current key: first give every replica the new key as
/// <c>BOSUN_SECRET_KEY</c> and the old one as <c>BOSUN_SECRET_KEY_PREVIOUS</c>, then run it, then drop the old key.
/// </summary>
internal static class SecretKeyRotation
{
    /// <summary>Who the audit entry names: the rotation runs beside the server, not through its API.</summary>
    public const string Who = "local";
    private const int Attempts = 5;

    public sealed record Outcome(int Resealed, bool NewKey);

    public static async Task<Outcome> RotateAsync(IStore store, SealingKeys keys, TimeProvider time, CancellationToken cancellationToken = default)
    {
        if (keys.DataDirectory is not { } directory)
        {
            return new Outcome(await ResealAsync(new SecretVault(store, keys), time, cancellationToken), NewKey: false);
        }
        var next = Path.Combine(directory, SealingKeys.NextFile);
        if (!File.Exists(next))
        {
            OwnerOnlyFile.WriteDurably(next, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        keys.Reload();
        var nextKey = SealingKeys.Decode(File.ReadAllText(next).Trim(), next);
        var resealed = await ResealAsync(new SecretVault(store, SealingKeys.Of(nextKey, [.. keys.All])), time, cancellationToken);
        var current = Path.Combine(directory, SealingKeys.KeyFile);
        OwnerOnlyFile.WriteDurably(Path.Combine(directory, SealingKeys.PreviousFile), File.ReadAllText(current).Trim());
        File.Move(next, current, overwrite: true);
        keys.Reload();
        return new Outcome(resealed, NewKey: true);
    }

    /// <summary>Re-seals every secret; a secret written meanwhile makes the transaction refuse, and it is tried again.</summary>
    private static async Task<int> ResealAsync(SecretVault vault, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await vault.ResealAllAsync(new AuditRecord(time.GetUtcNow(), Who, "secrets.rotate-key", "secrets", null), cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < Attempts)
            {
                // A secret changed between the read and the transaction: read them all again.
            }
        }
    }
}
