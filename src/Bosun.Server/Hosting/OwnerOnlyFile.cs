namespace Bosun.Server.Hosting;

/// <summary>A secret kept in a file of the data directory that only the owner may read (mode 600).</summary>
internal static class OwnerOnlyFile
{
    /// <summary>The file's trimmed text, or <paramref name="create"/>'s value written to a new file made mode 600 from the start.</summary>
    public static (string Value, bool Created) ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return (File.ReadAllText(path).Trim(), false);
        }
        var value = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options))
        {
            writer.Write(value + "\n");
        }
        return (value, true);
    }
}
