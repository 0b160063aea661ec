using System.CommandLine;
using Bosun.Cli.Commands.Serve;
using Bosun.Cli.Commands.Version;

var root = new RootCommand("Bosun: a Keptn-compatible lifecycle orchestrator for Argo CD")
{
    ServeCommand.Create(),
    VersionCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
