using System.CommandLine;
using System.Reflection;

namespace Bosun.Cli.Commands.Version;

internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the version of bosun\n\nExample:\n  bosun version");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
            Console.WriteLine($"bosun {version} (Keptn API 1.4.5 compatible)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
