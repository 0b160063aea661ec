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
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), Options(mode == FileMode.Create ? FileMode.CreateNew : mode));
        writer.Write(text);
    }

    /// <summary>Writes a file (mode 600) through a temporary one, on disk before it takes the name (a key that must not be lost).</summary>
    public static void WriteDurably(string path, string text)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, Options(FileMode.CreateNew)))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Opening for writing a file that is mode 600 from its creation.</summary>
    private static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }
}
