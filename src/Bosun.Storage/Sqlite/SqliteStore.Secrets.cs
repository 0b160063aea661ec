using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>Creates or replaces a secret; returns false when <paramref name="mustExist"/> and it does not.</summary>
    internal bool SaveSecret(SecretRecord secret, bool? mustExist, AuditRecord? audit = null) => Audited(audit, (connection, transaction) =>
        Run(connection, transaction, mustExist switch
        {
            true => "UPDATE secrets SET keys = $keys, sealed = $sealed WHERE name = $name AND scope = $scope",
            false => "INSERT OR IGNORE INTO secrets (name, scope, keys, sealed) VALUES ($name, $scope, $keys, $sealed)",
            null => "INSERT INTO secrets (name, scope, keys, sealed) VALUES ($name, $scope, $keys, $sealed) ON CONFLICT (name, scope) DO UPDATE SET keys = excluded.keys, sealed = excluded.sealed",
        }, ("$name", secret.Name), ("$scope", secret.Scope), ("$keys", JsonSerializer.Serialize(secret.Keys)), ("$sealed", secret.Sealed)) > 0);

    internal SecretRecord? FindSecret(string name)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, scope, keys, sealed FROM secrets WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Secret(reader) : null;
    }

    internal IReadOnlyList<SecretRecord> ListSecrets()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, scope, keys, sealed FROM secrets ORDER BY name, scope";
        using var reader = command.ExecuteReader();
        var list = new List<SecretRecord>();
        while (reader.Read())
        {
            list.Add(Secret(reader));
        }
        return list;
    }

    internal bool DeleteSecret(string name, string scope, AuditRecord? audit = null) => Audited(audit, (connection, transaction) =>
        Run(connection, transaction, "DELETE FROM secrets WHERE name = $name AND scope = $scope", ("$name", name), ("$scope", scope)) > 0);

    public Task ResealSecretsAsync(IReadOnlyList<(SecretRecord Was, byte[] Sealed)> resealed, AuditRecord audit, CancellationToken cancellationToken = default)
    {
        Audited(audit, (connection, transaction) =>
        {
            using (var count = connection.CreateCommand())
            {
                count.Transaction = transaction;
                count.CommandText = "SELECT COUNT(*) FROM secrets";
                if (Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != resealed.Count)
                {
                    throw new InvalidOperationException("a secret was added or removed while the sealing key was rotated; run the rotation again");
                }
            }
            foreach (var (was, sealedValue) in resealed)
            {
                if (Run(connection, transaction, "UPDATE secrets SET sealed = $new WHERE name = $name AND scope = $scope AND sealed = $old",
                    ("$name", was.Name), ("$scope", was.Scope), ("$old", was.Sealed), ("$new", sealedValue)) != 1)
                {
                    throw new InvalidOperationException($"the secret '{was.Name}' changed while the sealing key was rotated; run the rotation again");
                }
            }
            return true;
        });
        return Task.CompletedTask;
    }

    private static SecretRecord Secret(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [], (byte[])reader[3]);
}
