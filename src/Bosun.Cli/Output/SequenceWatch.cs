using System.Globalization;
using System.Text.Json.Nodes;
using Bosun.Cli.Client;
using Spectre.Console;

namespace Bosun.Cli.Output;

/// <summary>
/// <c>--watch</c>: prints the events of one context as they are stored (oldest first), until no sequence in it is
/// active any more. The exit code says how it ended: 0, or <see cref="ExitCodes.SequenceFailed"/> when a sequence of
/// the context finished with <c>fail</c>, errored, was aborted or timed out.
/// </summary>
internal static class SequenceWatch
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    public static async Task<int> FollowAsync(BosunClient client, Printer printer, string project, string context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var printed = new JsonArray();
        while (true)
        {
            // Read the state first: events stored before it said "finished" are all in the next read.
            var states = await client.GetAsync($"/api/controlPlane/v1/sequence/{Uri.EscapeDataString(project)}?keptnContext={Uri.EscapeDataString(context)}", cancellationToken);
            var state = (states["states"] as JsonArray)?.FirstOrDefault() as JsonObject;
            var overall = state?["state"].Str();
            foreach (var evt in await NewEventsAsync(client, project, context, seen, cancellationToken))
            {
                printed.Add(evt.DeepClone());
                if (printer.ForPeople)
                {
                    printer.Console.MarkupLine(Describe(evt));
                }
            }
            if (overall is null)
            {
                // The context is stored before a trigger answers: with no state, it either never existed or its
                // sequence could not start (its errored .finished is then the context's only answer).
                overall = printed.Count > 0 ? "finished" : throw CliException.NotFound($"no sequence with keptnContext {context} in project {project}");
            }
            if (overall is "finished" or "aborted" or "timedOut")
            {
                var failed = printed.OfType<JsonObject>().Any(Failed) || overall is "aborted" or "timedOut";
                if (printer.ForPeople)
                {
                    printer.Console.MarkupLine(failed ? $"[red]Context {context} ended {Markup.Escape(overall)}: failed[/]" : $"[green]Context {context} ended {Markup.Escape(overall)}: passed[/]");
                }
                else
                {
                    printer.Write(new JsonObject { ["keptnContext"] = context, ["state"] = overall, ["failed"] = failed, ["events"] = printed }, () => new Text(string.Empty));
                }
                return failed ? ExitCodes.SequenceFailed : ExitCodes.Ok;
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>The context's events not printed yet, oldest first: pages (newest first) are read until one holds a seen event.</summary>
    private static async Task<List<JsonObject>> NewEventsAsync(BosunClient client, string project, string context, HashSet<string> seen, CancellationToken cancellationToken)
    {
        var fresh = new List<JsonObject>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var query = $"/api/mongodb-datastore/event?keptnContext={Uri.EscapeDataString(context)}&project={Uri.EscapeDataString(project)}&pageSize=100";
        string? key = null;
        while (true)
        {
            var page = await client.GetAsync(query + (key is null ? string.Empty : "&nextPageKey=" + Uri.EscapeDataString(key)), cancellationToken);
            var events = (page["events"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var reachedSeen = false;
            foreach (var evt in events)
            {
                if (evt["id"].Str() is not { } id || seen.Contains(id))
                {
                    reachedSeen = true;
                }
                else if (taken.Add(id))
                {
                    fresh.Add(evt);
                }
            }
            key = page["nextPageKey"].Str();
            if (reachedSeen || events.Count == 0 || key is null or "0")
            {
                break;
            }
        }
        fresh.Reverse();
        seen.UnionWith(taken);
        return fresh;
    }

    private static bool Failed(JsonObject evt)
    {
        var type = evt["type"].Str() ?? string.Empty;
        var parts = type.Split('.');
        var data = evt["data"] as JsonObject;
        return parts.Length == 6 && parts[5] == "finished"
            && (data?["result"].Str() == "fail" || data?["status"].Str() is "errored" or "aborted");
    }

    private static string Describe(JsonObject evt)
    {
        var type = evt["type"].Str() ?? string.Empty;
        var data = evt["data"] as JsonObject;
        var time = DateTimeOffset.TryParse(evt["time"].Str(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "        ";
        var name = type.StartsWith("sh.keptn.event.", StringComparison.Ordinal) ? type["sh.keptn.event.".Length..] : type;
        var result = data?["result"].Str();
        var status = data?["status"].Str();
        var colour = result == "fail" || status is "errored" or "aborted" ? "red" : result == "warning" ? "yellow" : result == "pass" ? "green" : "grey";
        var finished = name.EndsWith(".finished", StringComparison.Ordinal);
        var verdict = result is null || !finished ? string.Empty : $" [{colour}]{Markup.Escape(result)}{(status is null or "succeeded" ? string.Empty : "/" + Markup.Escape(status))}[/]";
        var message = data?["message"].Str() is { Length: > 0 } m && !name.EndsWith(".triggered", StringComparison.Ordinal) ? " " + Markup.Escape(m) : string.Empty;
        var stage = data?["stage"].Str() is { Length: > 0 } s ? Markup.Escape(s) + " " : string.Empty;
        return $"{time}  {stage}[bold]{Markup.Escape(name)}[/]{verdict}{message}";
    }
}
