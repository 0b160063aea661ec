using System.CommandLine;

namespace Bosun.Cli.Commands.Project;

/// <summary><c>bosun create project NAME --shipyard FILE</c>.</summary>
internal static class CreateProjectCommand
{
    public static Command Create() => ProjectWrite.Command("project", "Create a project from a shipyard file",
        "bosun create project podtato --shipyard shipyard.yaml", update: false);
}
