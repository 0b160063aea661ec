using System.CommandLine;

namespace Bosun.Cli.Commands.Completion;

/// <summary>
/// <c>bosun completion bash|zsh</c>: prints a completion script that asks bosun itself for suggestions through
/// System.CommandLine's <c>[suggest]</c> directive.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = CommonOptions.Name("shell", "bash or zsh");
        shell.Validators.Add(r =>
        {
            if (r.Tokens.FirstOrDefault()?.Value is { } given and not ("bash" or "zsh"))
            {
                r.AddError($"the shell must be bash or zsh, not '{given}'");
            }
        });
        var command = new Command("completion", """
            Print a shell completion script

            Examples:
              source <(bosun completion bash)
              bosun completion zsh > "${fpath[1]}/_bosun"
            """)
        { shell };
        command.SetAction(result =>
        {
            Console.Write(result.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }

    private const string Bash = """
        _bosun_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _bosun_complete bosun

        """;

    private const string Zsh = """
        #compdef bosun
        _bosun() {
          local -a suggestions
          suggestions=("${(@f)$(bosun "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -a suggestions
        }
        compdef _bosun bosun

        """;
}
