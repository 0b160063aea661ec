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
        Write(path, value + "\n", FileMode.CreateNew);
        return (value, true);
    }

    /// <summary>Writes <paramref name="text"/> to a file that is mode 600 before anything is in it (replacing an old one).</summary>
    public static void Write(string path, string text, FileMode mode = FileMode.Create)
    {
        if (mode == FileMode.Create && File.Exists(path))
        {
            File.Delete(path);
        }
        var options = new FileStreamOptions { Mode = mode == FileMode.Create ? FileMode.CreateNew : mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), options);
        writer.Write(text);
    }
}
