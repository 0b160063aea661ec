namespace Bosun.Storage;

/// <summary>
/// Named tokens and the audit trail (DESIGN §8). Each change of a token commits with its audit entry, in one
/// transaction, as every other audited change does.
/// </summary>
public interface IAccessStore
{
    /// <summary>Stores a new token; false when one of that name exists already.</summary>
    Task<bool> AddTokenAsync(TokenRecord token, AuditRecord audit, CancellationToken cancellationToken = default);

    /// <summary>Gives a token a new value (its hash); false when none has that name.</summary>
    Task<bool> RotateTokenAsync(string name, byte[] hash, AuditRecord audit, CancellationToken cancellationToken = default);

    /// <summary>Revokes a token; false when none has that name.</summary>
    Task<bool> DeleteTokenAsync(string name, AuditRecord audit, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TokenRecord>> ListTokensAsync(CancellationToken cancellationToken = default);

    /// <summary>The token whose value has this SHA-256, or null.</summary>
    Task<TokenRecord?> FindTokenAsync(byte[] hash, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<Page<AuditRecord>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
