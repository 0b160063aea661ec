using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Bosun.Server.Access;

namespace Bosun.Cli.Commands.Token;

/// <summary>
/// <c>bosun token create|list|revoke|rotate</c> (DESIGN §8): named tokens with a role, optionally limited to projects,
/// through <c>/api/bosun/v1/tokens</c> (an admin token's call). A token's value is printed once, when it is made.
/// </summary>
internal static class TokenCommand
{
    private const string Path = "/api/bosun/v1/tokens";

    public static Command Create() => new("token", """
        Create, list, rotate and revoke named API tokens (admin, operator or viewer)

        Examples:
          bosun token create ci --role operator --project podtato
          bosun token list
          bosun token rotate ci
          bosun token revoke ci
        """)
    {
        CreateCommand(), ListCommand(), RotateCommand(), RevokeCommand(),
    };

    private static Command CreateCommand()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "The token's name (recorded as who in the audit trail)");
        var role = new Option<string>("--role") { Description = "admin (everything), operator (trigger, approve, control, write) or viewer (read only)", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var projects = new Option<string[]>("--project") { Description = "Limit the token to this project (repeat for more; default: every project)" };
        var command = new Command("create", "Create a token; its value is printed once and never shown again") { name, role, projects, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var body = new JsonObject { ["name"] = result.GetValue(name), ["role"] = result.GetValue(role) };
            if (result.GetValue(projects) is { Length: > 0 } only)
            {
                body["projects"] = new JsonArray([.. only.Select(p => (JsonNode)p)]);
            }
            using var client = connection.Client(result);
            var answer = await client.PostAsync(Path, body, cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, Made(answer, "created"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var command = new Command("list", "List the tokens: names, roles and projects, never values") { output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var answer = await client.GetAsync(Path, cancellationToken);
            var tokens = (answer["tokens"] as JsonArray ?? []).OfType<JsonObject>();
            Printer.Create(result.GetValue(output)!).Write(answer, () => Printer.Grid(["NAME", "ROLE", "PROJECTS", "CREATED"], tokens.Select(t => new[]
            {
                t["name"].Str(), t["role"].Str(), t["projects"] is JsonArray only ? string.Join(", ", only.Select(p => p.Str())) : "all",
                t["created"] is null ? "(the API token)" : t["created"].Str(),
            })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RotateCommand()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "The token to give a new value (the old one stops working)");
        var command = new Command("rotate", "Give a token a new value, printed once; the old value stops working") { name, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var answer = await client.PostAsync($"{Path}/{Uri.EscapeDataString(result.GetValue(name)!)}/rotate", new JsonObject(), cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, Made(answer, "rotated"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var name = CommonOptions.Name("name", "The token to revoke");
        var command = new Command("revoke", "Revoke a token: it stops working (on other replicas within seconds)") { name, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            using var client = connection.Client(result);
            var answer = await client.DeleteAsync($"{Path}/{Uri.EscapeDataString(result.GetValue(name)!)}", cancellationToken);
            Printer.Create(result.GetValue(output)!).Line(answer, $"Token {result.GetValue(name)} revoked");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Made(JsonObject answer, string verb) =>
        $"Token {answer["name"].Str()} ({answer["role"].Str()}) {verb}. Its value, shown only now:\n{answer["token"].Str()}";
}
