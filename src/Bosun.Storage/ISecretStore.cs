namespace Bosun.Storage;

/// <summary>Sealed secrets; the store never sees a value in the clear.</summary>
public interface ISecretStore
{
    /// <summary>Creates or replaces a secret; returns false when <paramref name="mustExist"/> says otherwise
    /// (true: it must exist in its scope, false: its name must not exist in any scope, null: either).</summary>
    Task<bool> SaveSecretAsync(SecretRecord secret, bool? mustExist, CancellationToken cancellationToken = default);

    /// <summary>The secret of that name in whichever scope it is (a name is unique across scopes), or null.</summary>
    Task<SecretRecord?> FindSecretAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SecretRecord>> ListSecretsAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteSecretAsync(string name, string scope, CancellationToken cancellationToken = default);
}
