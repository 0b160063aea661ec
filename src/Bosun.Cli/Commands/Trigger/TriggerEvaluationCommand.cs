using System.CommandLine;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;

namespace Bosun.Cli.Commands.Trigger;

/// <summary><c>bosun trigger evaluation</c>: a quality gate over a timeframe or a start/end window, as keptn's.</summary>
internal static class TriggerEvaluationCommand
{
    public static Command Create()
    {
        var connection = new Connection();
        var output = Printer.FormatOption();
        var project = CommonOptions.Project();
        var stage = CommonOptions.Stage();
        var service = CommonOptions.Service();
        var timeframe = new Option<string?>("--timeframe") { Description = "The window ending now (or at --end), e.g. 5m" };
        var start = new Option<string?>("--start") { Description = "Window start (RFC 3339)" };
        var end = new Option<string?>("--end") { Description = "Window end (RFC 3339)" };
        var labels = CommonOptions.Labels();
        var watch = CommonOptions.Watch();
        var command = new Command("evaluation", """
            Evaluate a service's SLOs in a stage (the implicit evaluation sequence)

            Examples:
              bosun trigger evaluation --project podtato --stage dev --service helloservice --timeframe 5m --watch
              bosun trigger evaluation --project podtato --stage dev --service helloservice --start 2026-11-26T10:00:00Z --end 2026-11-26T10:10:00Z
            """)
        { project, stage, service, timeframe, start, end, labels, watch, output };
        connection.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(timeframe) is null && r.GetValue(start) is null)
            {
                r.AddError("give --timeframe, or --start (with --end or --timeframe)");
            }
        });
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var body = new JsonObject();
            foreach (var (option, field) in new[] { (timeframe, "timeframe"), (start, "start"), (end, "end") })
            {
                if (result.GetValue(option) is { } value)
                {
                    body[field] = value;
                }
            }
            var pairs = CliAction.Pairs(result.GetValue(labels), "--labels");
            if (pairs.Count > 0)
            {
                body["labels"] = CliAction.JsonOf(pairs);
            }
            var (name, stageName, serviceName) = (result.GetValue(project)!, result.GetValue(stage)!, result.GetValue(service)!);
            using var client = connection.Client(result);
            var answer = await client.PostAsync(
                $"/api/controlPlane/v1/project/{Uri.EscapeDataString(name)}/stage/{Uri.EscapeDataString(stageName)}/service/{Uri.EscapeDataString(serviceName)}/evaluation",
                body, cancellationToken);
            var context = answer["keptnContext"]!.GetValue<string>();
            var printer = Printer.Create(result.GetValue(output)!);
            if (result.GetValue(watch))
            {
                return await SequenceWatch.FollowAsync(client, printer, name, context, cancellationToken);
            }
            printer.Line(answer, $"Started the evaluation of {serviceName} in {stageName}\nkeptnContext: {context}\nSee it: bosun evaluate --project {name} --context {context}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
