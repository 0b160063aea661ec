namespace Bosun.Storage;

/// <summary>Sealed secrets; the store never sees a value in the clear.</summary>
public interface ISecretStore
{
    /// <summary>Creates or replaces a secret; returns false when <paramref name="mustExist"/> says otherwise
    /// (true: it must exist in its scope, false: its name must not exist in any scope, null: either), with its audit entry.</summary>
    Task<bool> SaveSecretAsync(SecretRecord secret, bool? mustExist, AuditRecord? audit = null, CancellationToken cancellationToken = default);

    /// <summary>The secret of that name in whichever scope it is (a name is unique across scopes), or null.</summary>
    Task<SecretRecord?> FindSecretAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SecretRecord>> ListSecretsAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteSecretAsync(string name, string scope, AuditRecord? audit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the sealed values of every secret given (a new sealing key) in one transaction; throws, changing none,
    /// when a secret was added, changed or removed since <paramref name="resealed"/> was read.
    /// </summary>
    Task ResealSecretsAsync(IReadOnlyList<(SecretRecord Was, byte[] Sealed)> resealed, AuditRecord audit, CancellationToken cancellationToken = default);
}
