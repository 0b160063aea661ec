using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Bosun.Cli.Output;
using Spectre.Console;

namespace Bosun.Cli.Commands.Demo;

/// <summary>
/// <c>bosun demo</c>: the whole loop on a laptop, no cluster. Starts Bosun (SQLite) and the Argo CD simulator with a
/// dev and a prod app, creates a project dev → prod (approval, deliver, a webhook test task, an evaluation), pushes
/// a new revision and follows the delivery live through both stages, printing each step's command to do it by hand.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Option<string>("--dir") { Description = "Where the demo keeps its data and sample files", DefaultValueFactory = _ => "./bosun-demo" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the delivery may take before the demo gives up", DefaultValueFactory = _ => 120 };
        var keep = new Option<bool>("--keep") { Description = "Keep Bosun and the simulator running afterwards (Ctrl+C stops them)" };
        var command = new Command("demo", """
            Run the whole loop locally: Bosun, a simulated Argo CD, a sample project dev → prod, and a delivery followed live

            Examples:
              bosun demo
              bosun demo --keep --dir /tmp/demo
            """)
        { directory, timeout, keep };
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var dir = Path.GetFullPath(result.GetValue(directory)!);
            var printer = Printer.Create(Printer.Table);
            if (File.Exists(Path.Combine(dir, "files", "shipyard.yaml")))
            {
                // Only what an earlier demo wrote there is removed (its files are written before its data).
                foreach (var part in new[] { "data", "files" }.Select(p => Path.Combine(dir, p)).Where(Directory.Exists))
                {
                    Directory.Delete(part, recursive: true);
                }
                printer.Console.MarkupLine($"[grey]Removed the earlier demo in {Markup.Escape(dir)}[/]");
            }
            else if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw CliException.Usage($"{dir} is not empty and holds no earlier demo; pass another --dir");
            }
            if (result.GetValue(timeout) < 1)
            {
                throw CliException.Usage("--timeout must be a positive number of seconds");
            }
            using var stop = StopSignals.Catch(cancellationToken);
            int? exit = null;
            try
            {
                await using var stack = await DemoStack.StartAsync(dir, stop.Token);
                exit = await RunAsync(stack, printer, TimeSpan.FromSeconds(result.GetValue(timeout)), stop.Token);
                if (!result.GetValue(keep))
                {
                    printer.Console.MarkupLine("\nRun [bold]bosun demo --keep[/] to keep Bosun and the simulator running and try these commands against them.");
                    return exit.Value;
                }
                printer.Console.MarkupLine("\nBosun and the simulator keep running; Ctrl+C stops them.");
                await Task.Delay(Timeout.Infinite, stop.Token);
                return exit.Value;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // With --keep a signal is how the demo ends, and it exits as its delivery did; before that, it cut the delivery short.
                printer.Console.MarkupLine("[grey]Stopped Bosun and the simulator[/]");
                return exit ?? throw new CliException(ExitCodes.Failure, "stopped before the delivery finished");
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(DemoStack stack, Printer printer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var console = printer.Console;
        var env = $"--server {stack.Bosun} --token \"$(cat {stack.TokenFile})\"";
        void Step(string what, string? command = null)
        {
            console.MarkupLine($"[bold]• {Markup.Escape(what)}[/]");
            if (command is not null)
            {
                // Unwrapped, so it can be copied.
                printer.Raw($"    $ {command}");
            }
        }
        Step($"Bosun is listening on {stack.Bosun} (SQLite in {stack.DataDirectory})", $"bosun serve --data {stack.DataDirectory} --argocd-url {stack.ArgoCd} --webhook-allow 127.0.0.1");
        Step($"The Argo CD simulator serves {DemoFiles.DevApp} (labelled keptnProject={DemoFiles.Project}, keptnService={DemoFiles.Service}, stage=dev) and {DemoFiles.ProdApp} at r1 on {stack.ArgoCd}");
        using var client = new BosunClient(new Uri(stack.Bosun + "/"), stack.Token);
        var files = stack.FilesDirectory;
        await client.PostAsync("/api/controlPlane/v1/project", new JsonObject { ["name"] = DemoFiles.Project, ["shipyard"] = Base64(DemoFiles.Shipyard) }, cancellationToken);
        Step("Created the project from its shipyard: dev → prod", $"bosun create project {DemoFiles.Project} --shipyard {files}/shipyard.yaml {env}");
        await client.PostAsync($"/api/controlPlane/v1/project/{DemoFiles.Project}/service", new JsonObject { ["serviceName"] = DemoFiles.Service }, cancellationToken);
        Step("Created the service", $"bosun create service {DemoFiles.Service} --project {DemoFiles.Project} {env}");
        await AddAsync(client, string.Empty, "webhook/webhook.yaml", DemoFiles.Webhook(stack.Tests), cancellationToken);
        Step("Added the webhook that runs the test task", $"bosun add-resource --project {DemoFiles.Project} --resource {files}/webhook.yaml --resourceUri webhook/webhook.yaml {env}");
        foreach (var stage in new[] { "dev", "prod" })
        {
            await AddAsync(client, $"/stage/{stage}/service/{DemoFiles.Service}", "slo.yaml", DemoFiles.Slo, cancellationToken);
        }
        Step("Added the SLOs of both stages (the same command with --stage prod)", $"bosun add-resource --project {DemoFiles.Project} --stage dev --service {DemoFiles.Service} --resource {files}/slo.yaml --resourceUri slo.yaml {env}");
        await client.SendEventAsync("sh.keptn.event.monitoring.configure", new JsonObject { ["project"] = DemoFiles.Project, ["type"] = DemoFiles.SliProvider }, cancellationToken);
        Step($"Named the SLI provider (the demo answers for it, as a monitoring integration would)", $"bosun configure monitoring {DemoFiles.SliProvider} --project {DemoFiles.Project} {env}");

        var clock = Stopwatch.StartNew();
        stack.Simulation.Push(DemoFiles.DevApp, "r2", ["ghcr.io/bosun/demo-web:r2"]);
        Step($"A commit lands in git: {DemoFiles.DevApp} goes OutOfSync at r2, and Bosun starts dev's delivery", $"curl -X POST {stack.ArgoCd}/sim/apps/{DemoFiles.DevApp}/push -d '{{\"revision\":\"r2\"}}'");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var actorsStop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var actors = new DemoActors(client, printer, stack.Bosun, stack.TokenFile).RunAsync(actorsStop.Token);
        try
        {
            var context = await ContextAsync(client, deadline.Token);
            Step($"Following the delivery (keptnContext {context}) through dev and prod", $"bosun get sequence --project {DemoFiles.Project} --context {context} --watch {env}");
            var exit = await SequenceWatch.FollowAsync(client, printer, DemoFiles.Project, context, deadline.Token);
            var prod = stack.Simulation.Peek(DemoFiles.ProdApp);
            console.MarkupLine(exit == ExitCodes.Ok
                ? $"[green]Delivered r2 through dev and prod in {clock.Elapsed.TotalSeconds:0.0} s; {DemoFiles.ProdApp} runs {Markup.Escape(prod.SyncedRevision)}, {Markup.Escape(prod.HealthStatus)}.[/]"
                : "[red]The delivery failed; see the events above.[/]");
            Step("See why the gate passed", $"bosun evaluate --project {DemoFiles.Project} --context {context} {env}");
            Step("Deliver another revision by hand", $"bosun trigger delivery --project {DemoFiles.Project} --service {DemoFiles.Service} --stage dev --version r3 --watch {env}");
            Step($"Look at it in the web UI: {stack.Bosun.TrimEnd('/')}/projects/{DemoFiles.Project} (sign in with the API token, with --keep)", $"cat {stack.TokenFile}");
            return exit;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.SequenceFailed, $"the delivery did not finish within {timeout.TotalSeconds:0} s");
        }
        finally
        {
            await actorsStop.CancelAsync();
            try
            {
                await actors;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The context the change watcher started for the pushed revision.</summary>
    private static async Task<string> ContextAsync(BosunClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            var states = await client.GetAsync($"/api/controlPlane/v1/sequence/{DemoFiles.Project}?pageSize=1", cancellationToken);
            if ((states["states"] as JsonArray)?.FirstOrDefault()?["shkeptncontext"].Str() is { } context)
            {
                return context;
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static Task AddAsync(BosunClient client, string level, string uri, string content, CancellationToken cancellationToken) =>
        client.PostAsync($"/api/resource-service/v1/project/{DemoFiles.Project}{level}/resource", new JsonObject
        {
            ["resources"] = new JsonArray(new JsonObject { ["resourceURI"] = uri, ["resourceContent"] = Base64(content) }),
        }, cancellationToken);

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
