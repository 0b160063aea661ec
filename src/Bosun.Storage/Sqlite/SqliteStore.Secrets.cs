using System.Text.Json;

namespace Bosun.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <summary>Creates or replaces a secret; returns false when <paramref name="mustExist"/> and it does not.</summary>
    internal bool SaveSecret(SecretRecord secret, bool? mustExist)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = mustExist switch
        {
            true => "UPDATE secrets SET keys = $keys, sealed = $sealed WHERE name = $name AND scope = $scope",
            false => "INSERT OR IGNORE INTO secrets (name, scope, keys, sealed) VALUES ($name, $scope, $keys, $sealed)",
            null => "INSERT INTO secrets (name, scope, keys, sealed) VALUES ($name, $scope, $keys, $sealed) ON CONFLICT (name, scope) DO UPDATE SET keys = excluded.keys, sealed = excluded.sealed",
        };
        command.Parameters.AddWithValue("$name", secret.Name);
        command.Parameters.AddWithValue("$scope", secret.Scope);
        command.Parameters.AddWithValue("$keys", JsonSerializer.Serialize(secret.Keys));
        command.Parameters.AddWithValue("$sealed", secret.Sealed);
        return command.ExecuteNonQuery() > 0;
    }

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

    internal bool DeleteSecret(string name, string scope)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM secrets WHERE name = $name AND scope = $scope";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$scope", scope);
        return command.ExecuteNonQuery() > 0;
    }

    private static SecretRecord Secret(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), JsonSerializer.Deserialize<List<string>>(reader.GetString(2)) ?? [], (byte[])reader[3]);
}
