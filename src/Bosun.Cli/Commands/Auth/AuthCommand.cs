using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Auth;

/// <summary><c>bosun auth</c>: checks a server URL and token and stores them for later commands, like <c>keptn auth</c>.</summary>
internal static class AuthCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var command = new Command("auth", "Check a Bosun server URL and API token, and store them in the user config file for later commands");
        connection.AddTo(command);
        command.Options.Add(output);
        command.Description += "\n\nExamples:\n  bosun auth --server https://bosun.example.com --token $(cat token)\n  BOSUN_CONFIG=./ci.json bosun auth --server http://127.0.0.1:8080 --token abc";
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var (server, token) = connection.Resolve(result);
            if (string.IsNullOrEmpty(token))
            {
                throw CliException.Usage("no token: pass --token (or BOSUN_TOKEN)");
            }
            using (var client = new BosunClient(server, token))
            {
                await client.PostAsync("/api/v1/auth", new JsonObject(), cancellationToken);
            }
            new UserConfig(server.ToString().TrimEnd('/'), token).Save();
            Printer.Create(result.GetValue(output)!).Line(new JsonObject { ["server"] = server.ToString().TrimEnd('/'), ["config"] = UserConfig.Path },
                $"Authenticated to {server.ToString().TrimEnd('/')}; saved in {UserConfig.Path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
