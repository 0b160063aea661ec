using System.CommandLine;

namespace Bosun.Cli.Commands.Project;

/// <summary><c>bosun update project NAME --shipyard FILE</c>.</summary>
internal static class UpdateProjectCommand
{
    public static Command Create() => ProjectWrite.Command("project", "Replace a project's shipyard",
        "bosun update project podtato --shipyard shipyard.yaml", update: true);
}
