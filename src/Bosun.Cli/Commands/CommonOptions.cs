using System.CommandLine;

namespace Bosun.Cli.Commands;

/// <summary>Flags many verbs share, named as the keptn CLI named them.</summary>
internal static class CommonOptions
{
    public static Option<string?> Project(bool required = true) => new("--project") { Description = "The project", Required = required };

    public static Option<string?> Stage(bool required = true) => new("--stage") { Description = "The stage", Required = required };

    public static Option<string?> Service(bool required = true) => new("--service") { Description = "The service", Required = required };

    public static Option<string[]> Labels() => new("--labels", "-l")
    {
        Description = "Labels as key=value (repeat or separate with commas)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// A positional name. A value that looks like a flag is an unknown flag, not a name (System.CommandLine would
    /// otherwise take <c>get project --bogus</c> as the project "--bogus").
    /// </summary>
    public static Argument<string?> Name(string name, string description, bool optional = false)
    {
        var argument = new Argument<string?>(name) { Description = description, Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne };
        argument.Validators.Add(r =>
        {
            if (r.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } flag)
            {
                r.AddError($"Unrecognized command or argument '{flag.Value}'.");
            }
        });
        return argument;
    }

    public static Option<bool> Watch() => new("--watch", "-w")
    {
        Description = "Follow the sequence task by task until it ends; exit code 6 when it fails",
    };
}
