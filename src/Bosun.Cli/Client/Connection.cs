using System.CommandLine;

namespace Bosun.Cli.Client;

/// <summary>
/// Where a command talks to Bosun: <c>--server</c>/<c>--token</c>, else <c>BOSUN_SERVER</c>/<c>BOSUN_TOKEN</c>, else what
/// <c>bosun auth</c> stored, else <c>http://127.0.0.1:8080</c> with the token a local <c>bosun serve</c> generated in
/// <c>./data/api-token</c>.
/// </summary>
internal sealed class Connection
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public Option<string?> Server { get; } = new("--server") { Description = "Bosun server URL [env: BOSUN_SERVER; default: bosun auth's, else " + DefaultServer + "]" };
    public Option<string?> Token { get; } = new("--token") { Description = "API token [env: BOSUN_TOKEN; default: bosun auth's, else ./data/api-token]" };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
    }

    public (Uri Server, string? Token) Resolve(ParseResult result)
    {
        var config = new Lazy<UserConfig>(UserConfig.Load);
        var server = result.GetValue(Server) ?? Env("BOSUN_SERVER") ?? config.Value.Server ?? DefaultServer;
        var token = result.GetValue(Token) ?? Env("BOSUN_TOKEN") ?? config.Value.Token ?? LocalToken();
        return (ParseServer(server), token);
    }

    public BosunClient Client(ParseResult result)
    {
        var (server, token) = Resolve(result);
        return new BosunClient(server, token);
    }

    public static Uri ParseServer(string server) =>
        Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw CliException.Usage($"--server '{server}' is not an http(s) URL");

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static string? LocalToken()
    {
        var path = Path.Combine("data", "api-token");
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
