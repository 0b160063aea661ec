using System.Security.Cryptography;
using System.Text.Json;
using Bosun.Server.Hosting;
using Bosun.Storage;

namespace Bosun.Server.Secrets;

/// <summary>
/// Secrets for webhooks and the Prometheus SLI provider, in Keptn's scopes (<see cref="SecretScopes"/>), sealed at rest with AES-256-GCM. The key is <c>BOSUN_SECRET_KEY</c> (base64, 32
/// bytes) or else the file <c>secret-key</c> in the data directory, created on first use with mode 0600. Values
/// leave the vault only to render a webhook request; the API lists names, scopes and key names.
/// </summary>
internal sealed class SecretVault
{
    public const string KeyFile = "secret-key";

    /// <summary>A file holding the sealing key (a mounted Kubernetes Secret), instead of <c>BOSUN_SECRET_KEY</c>.</summary>
    public const string KeyFileVariable = "BOSUN_SECRET_KEY_FILE";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly ISecretStore _store;
    private readonly byte[] _key;

    public SecretVault(ISecretStore store, byte[] key)
    {
        _store = store;
        _key = key;
    }

    /// <summary>The sealing key from the environment, or else the data directory's key file (created on first use).</summary>
    /// <param name="dataDirectory">Null when the key must be given (replicas share one key: it is never generated then).</param>
    /// <exception cref="ArgumentException">Both forms are set, the key is not 32 bytes in base64, or none is set where one must be.</exception>
    public static byte[] KeyFor(string? dataDirectory) =>
        LoadKey(dataDirectory, Environment.GetEnvironmentVariable("BOSUN_SECRET_KEY"), Environment.GetEnvironmentVariable(KeyFileVariable));

    /// <summary>Creates (<paramref name="mustExist"/> false), updates (true) or writes either way (null).</summary>
    public Task<bool> SaveAsync(string name, string scope, IReadOnlyDictionary<string, string> data, bool? mustExist, AuditRecord? audit = null) =>
        _store.SaveSecretAsync(new SecretRecord(name, scope, data.Keys.Order(StringComparer.Ordinal).ToList(), Seal(data)), mustExist, audit);

    public Task<bool> DeleteAsync(string name, string scope, AuditRecord? audit = null) => _store.DeleteSecretAsync(name, scope, audit);

    public Task<IReadOnlyList<SecretRecord>> ListAsync() => _store.ListSecretsAsync();

    /// <summary>The values of a secret in a scope <paramref name="reader"/> may read, or null when no secret has that name.</summary>
    /// <exception cref="SecretScopeException">The secret is in a scope the reader may not read.</exception>
    public async Task<IReadOnlyDictionary<string, string>?> OpenAsync(string name, SecretReader reader)
    {
        if (await _store.FindSecretAsync(name) is not { } secret)
        {
            return null;
        }
        return reader.MayRead(secret.Scope)
            ? Open(secret.Sealed)
            : throw new SecretScopeException($"the secret '{name}' is in scope {secret.Scope}, which {reader.Name} may not read; create it in scope {reader.Scopes[0]}");
    }

    private byte[] Seal(IReadOnlyDictionary<string, string> data)
    {
        var plain = JsonSerializer.SerializeToUtf8Bytes(data);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        CryptographicOperations.ZeroMemory(plain);
        return output;
    }

    private Dictionary<string, string> Open(byte[] sealedData)
    {
        var plain = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize + TagSize), sealedData.AsSpan(NonceSize, TagSize), plain);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(plain) ?? [];
    }

    private static byte[] LoadKey(string? dataDirectory, string? configured, string? file)
    {
        if (!string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(file))
        {
            throw new ArgumentException($"set BOSUN_SECRET_KEY or {KeyFileVariable}, not both");
        }
        if (!string.IsNullOrEmpty(file))
        {
            configured = Hosting.SecretFile.Read(file, KeyFileVariable);
        }
        if (!string.IsNullOrEmpty(configured))
        {
            try
            {
                var key = Convert.FromBase64String(configured);
                return key.Length == 32 ? key : throw new FormatException();
            }
            catch (FormatException)
            {
                throw new ArgumentException($"{(string.IsNullOrEmpty(file) ? "BOSUN_SECRET_KEY" : KeyFileVariable)} must hold 32 bytes in base64 (e.g. from `openssl rand -base64 32`)");
            }
        }
        if (dataDirectory is null)
        {
            throw new ArgumentException($"--postgres needs the secret-sealing key every replica shares: set BOSUN_SECRET_KEY or {KeyFileVariable} (32 bytes in base64)");
        }
        var (text, _) = OwnerOnlyFile.ReadOrCreate(Path.Combine(dataDirectory, KeyFile), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return Convert.FromBase64String(text);
    }
}
