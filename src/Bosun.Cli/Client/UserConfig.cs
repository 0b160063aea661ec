using System.Text.Json;
using System.Text.Json.Nodes;
using Bosun.Server.Hosting;

namespace Bosun.Cli.Client;

/// <summary>
/// The server URL and token <c>bosun auth</c> stores, like <c>keptn auth</c>: <c>$BOSUN_CONFIG</c>, else
/// <c>$XDG_CONFIG_HOME/bosun/config.json</c>, else <c>~/.config/bosun/config.json</c>, readable by its owner only.
/// </summary>
internal sealed record UserConfig(string? Server, string? Token)
{
    public static string Path =>
        Environment.GetEnvironmentVariable("BOSUN_CONFIG") is { Length: > 0 } given ? given
        : System.IO.Path.Combine(
            Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
            "bosun", "config.json");

    public static UserConfig Load()
    {
        var path = Path;
        if (!File.Exists(path))
        {
            return new UserConfig(null, null);
        }
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw CliException.Usage($"{path} is not a JSON object; run bosun auth again");
            return new UserConfig(json["server"]?.GetValue<string>(), json["token"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {path}: {e.Message}; run bosun auth again");
        }
    }

    public void Save()
    {
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        OwnerOnlyFile.Write(path, new JsonObject { ["server"] = Server, ["token"] = Token }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
