using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Bosun.Server.Tests.Hostile;

/// <summary>A checksum of everything the store holds (rows, not file bytes, which checkpoints move), to show a refused input stored nothing.</summary>
internal static class StoreChecksum
{
    /// <summary>The outbox is left out: its rows are acknowledged in the background whatever the tests send.</summary>
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal) { "outbox" };

    public static string Of(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "bosun.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new StringBuilder();
        foreach (var table in tables.Where(t => !Volatile.Contains(t)))
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                var row = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
                rows.Add(row.ToString());
            }
            rows.Sort(StringComparer.Ordinal);
            text.Append(table).Append(':').Append(rows.Count).Append('\n').AppendJoin('\n', rows).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
