namespace Bosun.Server.Hosting;

/// <summary>The data directory: owner-only (mode 700) when created, and made so again at start if it was not.</summary>
internal static class DataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return;
        }
        if ((File.GetUnixFileMode(path) & ~OwnerOnly) == 0)
        {
            return;
        }
        try
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        catch (UnauthorizedAccessException)
        {
            // A directory given as --data that another user owns (a shared mount) is left to its owner.
        }
    }
}
