namespace Bosun.Server.Hosting;

/// <summary>
/// A secret given as a file (a Kubernetes Secret mounted as a volume): its whole content less surrounding whitespace,
/// which editors and <c>echo</c> add. The message names the setting, never the content.
/// </summary>
internal static class SecretFile
{
    /// <exception cref="ArgumentException">The file cannot be read or is empty.</exception>
    public static string Read(string path, string setting)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{setting}: cannot read {path}: {e.Message}");
        }
        text = text.Trim();
        return text.Length > 0 ? text : throw new ArgumentException($"{setting}: {path} is empty");
    }
}
