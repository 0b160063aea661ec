using System.CommandLine;

namespace Bosun.Cli.Commands.Approval;

/// <summary><c>bosun decline [TRIGGERED-ID]</c>.</summary>
internal static class DeclineCommand
{
    public static Command Create() => ApprovalAnswer.Command("decline", "decline", "bosun decline 0190a3c2-… --comment \"not during the freeze\"");
}
