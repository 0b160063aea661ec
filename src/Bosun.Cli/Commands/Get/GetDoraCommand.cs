using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Get;

/// <summary>
/// <c>bosun get dora --project P [--stage S] [--service X] [--since 30d]</c>: the four DORA figures of a stage
/// (default: the project's last) over the time since, from <c>GET /api/bosun/v1/dora</c> (DESIGN §7).
/// </summary>
internal static class GetDoraCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var stage = CommonOptions.Stage(required: false);
        var service = CommonOptions.Service(required: false);
        var since = new Option<string>("--since") { Description = "How far back: a number and m, h, d or w (default 30d)", DefaultValueFactory = _ => "30d" };
        var command = new Command("dora", """
            Show the DORA figures of a stage: deployment frequency, lead time for changes, change failure rate and
            failed deployment recovery time, from Bosun's event log

            Examples:
              bosun get dora --project podtato
              bosun get dora --project podtato --stage prod --service helloservice --since 7d -o json
            """) { project, stage, service, since, output };
        connection.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var back = Since(result.GetValue(since)!);
            using var client = connection.Client(result);
            var query = $"project={Uri.EscapeDataString(result.GetValue(project)!)}"
                + (result.GetValue(stage) is { Length: > 0 } s ? $"&stage={Uri.EscapeDataString(s)}" : "")
                + (result.GetValue(service) is { Length: > 0 } v ? $"&service={Uri.EscapeDataString(v)}" : "")
                + $"&from={Uri.EscapeDataString((TimeProvider.System.GetUtcNow() - back).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))}";
            var dora = await client.GetAsync("/api/bosun/v1/dora?" + query, cancellationToken);
            Printer.Create(result.GetValue(output)!).Write(dora, () => Printer.Grid(["FIGURE", "VALUE", "FROM"], Rows(dora)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"30d", "12h", "90m", "2w" as a span; anything else is a usage error naming the option.</summary>
    internal static TimeSpan Since(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0 || "mhdw".IndexOf(unit, StringComparison.Ordinal) < 0)
        {
            throw CliException.Usage($"--since '{text}' must be a number and m, h, d or w, such as 30d");
        }
        return unit switch { 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => TimeSpan.FromDays(7 * n) };
    }

    private static IEnumerable<string?[]> Rows(JsonObject dora)
    {
        var frequency = dora["deploymentFrequency"];
        var lead = dora["leadTimeForChanges"];
        var failure = dora["changeFailureRate"];
        var recovery = dora["failedDeploymentRecoveryTime"];
        var scope = $"{dora["stage"].Str()}{(dora["service"].Str() is { } s ? "/" + s : "")}, {dora["from"].Str()} – {dora["to"].Str()}";
        yield return ["Deployment frequency", $"{frequency?["deployments"]} ({Number(frequency?["perDay"]):0.##} a day)", scope];
        yield return ["Lead time for changes", Duration(lead?["medianSeconds"]), $"median of {lead?["samples"]}, commit times from {lead?["source"].Str() ?? "-"}"];
        yield return ["Change failure rate", failure?["rate"] is null ? "-" : $"{Number(failure["rate"]) * 100:0.#}%", $"{failure?["failed"]} of {failure?["deployments"]} deployments"];
        yield return ["Failed deployment recovery time", Duration(recovery?["medianSeconds"]), $"median of {recovery?["samples"]}"];
    }

    private static double Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) ? d : 0;

    private static string Duration(JsonNode? seconds)
    {
        if (seconds is not JsonValue v || !v.TryGetValue<double>(out var s))
        {
            return "-";
        }
        var span = TimeSpan.FromSeconds(s);
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s" : $"{span.TotalSeconds:0}s";
    }
}
