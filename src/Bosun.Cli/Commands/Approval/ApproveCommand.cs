using System.CommandLine;

namespace Bosun.Cli.Commands.Approval;

/// <summary><c>bosun approve [TRIGGERED-ID]</c>.</summary>
internal static class ApproveCommand
{
    public static Command Create() => ApprovalAnswer.Command("approve", "approve", "bosun approve 0190a3c2-… --comment \"change ticket 42\"");
}
