namespace Bosun.Storage;

/// <summary>Sealed secrets; the store never sees a value in the clear.</summary>
public interface ISecretStore
{
    /// <summary>Creates or replaces a secret; returns false when <paramref name="mustExist"/> says otherwise
    /// (true: it must exist, false: it must not, null: either).</summary>
    Task<bool> SaveSecretAsync(SecretRecord secret, bool? mustExist, CancellationToken cancellationToken = default);

    Task<SecretRecord?> GetSecretAsync(string name, string scope, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SecretRecord>> ListSecretsAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteSecretAsync(string name, string scope, CancellationToken cancellationToken = default);
}
