using System.CommandLine;

namespace Bosun.Cli.Commands.ArgoCd;

/// <summary><c>bosun argocd …</c>: Argo CD helpers.</summary>
internal static class ArgoCdCommand
{
    public static Command Create() => new("argocd", "Argo CD helpers: the notifications config for a project, a local Argo CD API simulator")
    {
        ConfigCommand.Create(),
        SimulateCommand.Create(),
    };
}
