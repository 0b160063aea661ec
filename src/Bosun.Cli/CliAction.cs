using System.CommandLine;
using System.Text.Json.Nodes;

namespace Bosun.Cli;

/// <summary>Runs a command's action so that every failure is one line on stderr and a named exit code, never a stack trace.</summary>
internal static class CliAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await action(result, cancellationToken);
            }
            catch (CliException e)
            {
                await Console.Error.WriteLineAsync($"bosun {CommandPath(result)}: {e.Message}");
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Failure;
            }
        });

    /// <summary>The verbs of the command that ran, e.g. <c>get sequence</c>.</summary>
    public static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var symbol = result.CommandResult; symbol is not null; symbol = symbol.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (symbol.Command is not RootCommand)
            {
                names.Insert(0, symbol.Command.Name);
            }
        }
        return string.Join(' ', names);
    }

    /// <summary><c>&amp;field=value</c> for each option that was given, escaped; nothing for the others.</summary>
    public static string Query(ParseResult result, params (Option<string?> Option, string Field)[] parameters) =>
        string.Concat(parameters.Where(p => result.GetValue(p.Option) is not null).Select(p => $"&{p.Field}={Uri.EscapeDataString(result.GetValue(p.Option)!)}"));

    /// <summary>A file's text, or a usage error naming it.</summary>
    public static string ReadFile(string path, string what) => Read(path, what, File.ReadAllText);

    /// <summary>A file's bytes, or a usage error naming it.</summary>
    public static byte[] ReadBytes(string path, string what) => Read(path, what, File.ReadAllBytes);

    private static T Read<T>(string path, string what, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {what} '{path}': {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
    }

    /// <summary>Pairs as a JSON object of strings (labels, secret data).</summary>
    public static JsonObject JsonOf(IReadOnlyDictionary<string, string> pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            json[key] = value;
        }
        return json;
    }

    /// <summary><c>k=v</c> pairs (repeated, or comma-separated unless values may hold commas), or a usage error naming the bad one.</summary>
    public static Dictionary<string, string> Pairs(IEnumerable<string>? values, string flag, bool splitCommas = true)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        var items = splitCommas ? (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) : values ?? [];
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw CliException.Usage($"{flag} '{item}' is not key=value");
            }
            pairs[item[..eq]] = item[(eq + 1)..];
        }
        return pairs;
    }
}
