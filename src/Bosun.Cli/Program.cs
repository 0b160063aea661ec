using System.CommandLine;
using Bosun.Cli;
using Bosun.Cli.Commands.Approval;
using Bosun.Cli.Commands.ArgoCd;
using Bosun.Cli.Commands.Auth;
using Bosun.Cli.Commands.Completion;
using Bosun.Cli.Commands.Demo;
using Bosun.Cli.Commands.Evaluate;
using Bosun.Cli.Commands.Get;
using Bosun.Cli.Commands.Migrate;
using Bosun.Cli.Commands.Monitoring;
using Bosun.Cli.Commands.Project;
using Bosun.Cli.Commands.Resource;
using Bosun.Cli.Commands.Secret;
using Bosun.Cli.Commands.Sequence;
using Bosun.Cli.Commands.Serve;
using Bosun.Cli.Commands.Service;
using Bosun.Cli.Commands.Token;
using Bosun.Cli.Commands.Trigger;
using Bosun.Cli.Commands.Version;

var root = new RootCommand("""
    Bosun: a Keptn-compatible lifecycle orchestrator for Argo CD

    Exit codes: 0 ok, 1 failure, 2 usage (bad flags, files or input), 3 not found, 4 unauthorized,
    5 server error (down, unreachable, 5xx), 6 a sequence followed with --watch failed.
    """)
{
    ServeCommand.Create(),
    MigrateCommand.Create(),
    AuthCommand.Create(),
    TokenCommand.Create(),
    new Command("create", "Create a project, service or secret\n\nExamples:\n  bosun create project podtato --shipyard shipyard.yaml\n  bosun create service helloservice --project podtato") { CreateProjectCommand.Create(), CreateServiceCommand.Create(), CreateSecretCommand.Create() },
    new Command("update", "Update a project\n\nExample:\n  bosun update project podtato --shipyard shipyard.yaml") { UpdateProjectCommand.Create() },
    new Command("delete", "Delete a project\n\nExample:\n  bosun delete project podtato") { DeleteProjectCommand.Create() },
    AddResourceCommand.Create(),
    new Command("trigger", "Start a delivery, an evaluation or any sequence\n\nExamples:\n  bosun trigger delivery --project podtato --service helloservice --version r2 --watch\n  bosun trigger evaluation --project podtato --stage dev --service helloservice --timeframe 5m") { TriggerDeliveryCommand.Create(), TriggerEvaluationCommand.Create(), TriggerSequenceCommand.Create() },
    new Command("secrets", "Manage the secrets' sealing key\n\nExample:\n  bosun secrets rotate-key --data ./data") { RotateKeyCommand.Create() },
    ApproveCommand.Create(),
    DeclineCommand.Create(),
    new Command("get", "Show projects, stages, services, sequences or events\n\nExamples:\n  bosun get project\n  bosun get sequence --project podtato -o json")
    {
        GetProjectCommand.Create(), GetStageCommand.Create(), GetServiceCommand.Create(), GetSequenceCommand.Create(), GetEventCommand.Create(), GetDoraCommand.Create(),
    },
    SequenceControlCommand.Create(),
    ConfigureMonitoringCommand.Create(),
    EvaluateCommand.Create(),
    ArgoCdCommand.Create(),
    DemoCommand.Create(),
    CompletionCommand.Create(),
    VersionCommand.Create(),
};
// Bare `bosun` shows what it can do, as keptn and kubectl do.
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
if (parsed.Errors.Count > 0)
{
    // One clear line: the first problem, and where to read more, instead of the whole help text.
    var path = CliAction.CommandPath(parsed);
    var error = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
    var verb = path.Length > 0 ? " " + path : string.Empty;
    Console.Error.WriteLine($"bosun{verb}: {error.Message.TrimEnd('.')} (see bosun{verb} --help)");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();
