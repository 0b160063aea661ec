using System.CommandLine;
using Bosun.Cli.Commands.ArgoCd;
using Bosun.Cli.Commands.Serve;
using Bosun.Cli.Commands.Version;

var root = new RootCommand("Bosun: a Keptn-compatible lifecycle orchestrator for Argo CD")
{
    ServeCommand.Create(),
    ArgoCdCommand.Create(),
    VersionCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
