using System.Security.Cryptography;
using System.Text.Json;
using Bosun.Storage;

namespace Bosun.Server.Secrets;

/// <summary>
/// Secrets for webhooks and the Prometheus SLI provider, in Keptn's scopes (<see cref="SecretScopes"/>), sealed at rest
/// with AES-256-GCM under the current of the <see cref="SealingKeys"/>. Values leave the vault only to render a webhook
/// request; the API lists names, scopes and key names.
/// </summary>
internal sealed class SecretVault(ISecretStore store, SealingKeys keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public SealingKeys Keys => keys;

    /// <summary>Creates (<paramref name="mustExist"/> false), updates (true) or writes either way (null).</summary>
    public Task<bool> SaveAsync(string name, string scope, IReadOnlyDictionary<string, string> data, bool? mustExist, AuditRecord? audit = null) =>
        store.SaveSecretAsync(new SecretRecord(name, scope, data.Keys.Order(StringComparer.Ordinal).ToList(), Seal(data)), mustExist, audit);

    public Task<bool> DeleteAsync(string name, string scope, AuditRecord? audit = null) => store.DeleteSecretAsync(name, scope, audit);

    public Task<IReadOnlyList<SecretRecord>> ListAsync() => store.ListSecretsAsync();

    /// <summary>The values of a secret in a scope <paramref name="reader"/> may read, or null when no secret has that name.</summary>
    /// <exception cref="SecretScopeException">The secret is in a scope the reader may not read.</exception>
    public async Task<IReadOnlyDictionary<string, string>?> OpenAsync(string name, SecretReader reader)
    {
        if (await store.FindSecretAsync(name) is not { } secret)
        {
            return null;
        }
        return reader.MayRead(secret.Scope)
            ? Open(secret.Sealed)
            : throw new SecretScopeException($"the secret '{name}' is in scope {secret.Scope}, which {reader.Name} may not read; create it in scope {reader.Scopes[0]}");
    }

    /// <summary>
    /// Seals every secret again with the current key, in one transaction with its audit entry; each is opened with
    /// whichever key sealed it. Throws, changing nothing, when a secret changed meanwhile.
    /// </summary>
    /// <returns>How many secrets were sealed again.</returns>
    /// <exception cref="CryptographicException">A secret opens with none of the keys.</exception>
    public async Task<int> ResealAllAsync(AuditRecord audit, CancellationToken cancellationToken = default)
    {
        var secrets = await store.ListSecretsAsync(cancellationToken);
        var resealed = new List<(SecretRecord, byte[])>(secrets.Count);
        foreach (var secret in secrets)
        {
            Dictionary<string, string> values;
            try
            {
                values = Open(secret.Sealed);
            }
            catch (CryptographicException e)
            {
                throw new CryptographicException($"the secret '{secret.Name}' opens with none of the sealing keys given: {e.Message}", e);
            }
            resealed.Add((secret, Seal(values)));
        }
        await store.ResealSecretsAsync(resealed, audit, cancellationToken);
        return resealed.Count;
    }

    private byte[] Seal(IReadOnlyDictionary<string, string> data)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(data);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Current, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    /// <summary>Opens with each key in turn (the current first); when none fits, reads the key files again and tries once more.</summary>
    private Dictionary<string, string> Open(byte[] sealedData)
    {
        if (TryOpen(sealedData, keys.All) is { } values)
        {
            return values;
        }
        keys.Reload();
        return TryOpen(sealedData, keys.All) ?? throw new AuthenticationTagMismatchException("the sealed value opens with none of the sealing keys");
    }

    private static Dictionary<string, string>? TryOpen(byte[] sealedData, IReadOnlyList<byte[]> candidates)
    {
        var plain = new byte[sealedData.Length - NonceSize - TagSize];
        foreach (var key in candidates)
        {
            try
            {
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize + TagSize), sealedData.AsSpan(NonceSize, TagSize), plain);
                return JsonSerializer.Deserialize<Dictionary<string, string>>(plain) ?? [];
            }
            catch (AuthenticationTagMismatchException)
            {
                // Sealed with another key: try the next.
            }
        }
        return null;
    }
}
