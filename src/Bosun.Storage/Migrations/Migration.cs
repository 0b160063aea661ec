using System.Globalization;

namespace Bosun.Storage.Migrations;

/// <summary>One versioned step of a store's schema: <c>Migrations/&lt;dialect&gt;/NNNN_name.sql</c>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The migrations of one dialect embedded in this assembly, oldest first.</summary>
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"Bosun.Storage.Migrations.{dialect}.";
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^".sql".Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(name[..4], NumberStyles.None, CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migration {list[i].Name} of {dialect} is out of sequence: expected version {i + 1}");
            }
        }
        return list;
    }

    /// <summary>The line a binary prints when a database is newer than it.</summary>
    public static string TooNew(string where, long found, int known) =>
        $"the database {where} has schema version {found}, newer than this binary's {known}: run a Bosun version that knows it (an older binary never writes to a newer schema)";
}
