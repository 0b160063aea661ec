namespace Bosun.TestKit;

/// <summary>Finds the repository and the built <c>bosun</c> binary from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bosun.slnx")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("Bosun.slnx not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The CLI apphost built beside the tests (same configuration).</summary>
    public static string BosunBinary
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(Root, "src", "Bosun.Cli", "bin", configuration, "net10.0", "bosun");
            return File.Exists(path) ? path : throw new FileNotFoundException("build src/Bosun.Cli first", path);
        }
    }
}
