using System.CommandLine;

namespace Bosun.Cli.Commands.ArgoCd;

/// <summary><c>bosun argocd …</c>: Argo CD helpers.</summary>
internal static class ArgoCdCommand
{
    public static Command Create() => new("argocd", "Argo CD helpers: the notifications config for a project, a local Argo CD API simulator\n\nExamples:\n  bosun argocd config --project podtato\n  bosun argocd simulate --apps apps.json")
    {
        ConfigCommand.Create(),
        SimulateCommand.Create(),
    };
}
