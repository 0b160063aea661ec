using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;
using YamlDotNet.Serialization;

namespace Bosun.Cli.Output;

/// <summary>
/// Writes a command's answer: a table or lines for people (Spectre.Console; colours only on a terminal, and never
/// with NO_COLOR), or the server's JSON as JSON or YAML for scripts (<c>-o json|yaml</c>).
/// </summary>
internal sealed class Printer(IAnsiConsole console, TextWriter raw, string format)
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<string> FormatOption() => new("--output", "-o")
    {
        Description = "Output format: table (for people), json or yaml (for scripts)",
        DefaultValueFactory = _ => Table,
        Validators = { r => { if (r.GetValueOrDefault<string>() is not (Table or Json or Yaml) and var f) r.AddError($"--output must be table, json or yaml, not '{f}'"); } },
    };

    public static Printer Create(string format, TextWriter? output = null)
    {
        var writer = output ?? System.Console.Out;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        if (System.Console.IsOutputRedirected)
        {
            // Piped tables keep their rows on one line each.
            console.Profile.Width = 200;
        }
        return new Printer(console, writer, format);
    }

    public IAnsiConsole Console { get; } = console;
    public bool ForPeople => format == Table;

    /// <summary>The answer itself for scripts, else what <paramref name="human"/> renders.</summary>
    public void Write(JsonNode? data, Func<IRenderable> human)
    {
        switch (format)
        {
            case Json:
                raw.WriteLine(data?.ToJsonString(Indented) ?? "null");
                break;
            case Yaml:
                raw.Write(new SerializerBuilder().Build().Serialize(Plain(data)));
                break;
            default:
                Console.Write(human());
                break;
        }
    }

    /// <summary>A line written as it is (never wrapped), e.g. a command to copy.</summary>
    public void Raw(string line)
    {
        raw.WriteLine(line);
        raw.Flush();
    }

    /// <summary>A line for people (plain text, no markup); scripts get <paramref name="data"/> instead.</summary>
    public void Line(JsonNode? data, string text) => Write(data, () => new Text(text + "\n"));

    /// <summary>A table with the given columns and rows (cells are plain text, never markup).</summary>
    public static Spectre.Console.Table Grid(string[] columns, IEnumerable<string?[]> rows)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(cell ?? string.Empty)).ToArray());
        }
        return table;
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var l) ? l : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
