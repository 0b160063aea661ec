using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Remediation;
using Bosun.Server.Engine;

using Bosun.Storage;

namespace Bosun.Server.Workers;

/// <summary>
/// Keptn's remediation-service, built in (issue 6 item 3, spec/keptn.md §7): answers <c>get-action.triggered</c> with
/// the next action of the service's <c>remediation.yaml</c> for the problem (root cause, else title, else
/// <c>default</c>) at <c>get-action.actionIndex</c>, and the index to use next round. Each <c>get-action.triggered</c>
/// is one work row, ended by its <c>.finished</c>.
/// </summary>
internal sealed class GetActionIntegration(IProjectStore store, EventIngest ingest, TimeProvider time) : IWorkIntegration
{
    public const string Source = "remediation-service";
    public const string FileName = "remediation.yaml";
    private const string Task = "get-action";
    private static readonly string GetActionTriggered = KeptnEventType.TaskType(Task, "triggered");

    public string Name => Source;


    public IReadOnlyList<string> Subscriptions => [GetActionTriggered];

    public Task<IReadOnlyList<string>> SelectAsync(KeptnEvent evt, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.FromResult<IReadOnlyList<string>>(evt.Type == GetActionTriggered ? [Task] : []);

    public async Task<WorkResult> RunAsync(WorkClaim claim, WorkEnd end, CancellationToken cancellationToken)
    {
        var triggered = claim.Event;
        var finished = await AnswerDataAsync(triggered);
        // Both are queued at once, so they share one commit.
        await System.Threading.Tasks.Task.WhenAll(
            SendAsync(triggered, "started", KeptnAnswer.Data(triggered.Data, KeptnStatus.Succeeded, KeptnResult.Pass), null),
            SendAsync(triggered, "finished", finished, end));
        return WorkResult.Answered;
    }

    private async Task<JsonObject> AnswerDataAsync(KeptnEvent triggered)
    {
        var data = triggered.Data;
        var file = await store.GetResourceAsync(triggered.Project ?? string.Empty, triggered.Stage ?? string.Empty, triggered.Service ?? string.Empty, FileName);
        if (file is null)
        {
            return KeptnAnswer.Data(data, KeptnStatus.Errored, KeptnResult.Fail,
                $"Could not get remediation.yaml file for services {triggered.Service} in stage {triggered.Stage}.");
        }
        RemediationFile remediation;
        try
        {
            remediation = RemediationFile.Parse(Encoding.UTF8.GetString(file.Content));
        }
        catch (RemediationException e)
        {
            return KeptnAnswer.Data(data, KeptnStatus.Errored, KeptnResult.Fail,
                $"Could not parse remediation.yaml file. Please validate it against the specification: {e.Message}");
        }
        // A number in Keptn's events; a numeric string is taken too.
        var index = data["get-action"]?["actionIndex"] is JsonValue value
            && int.TryParse(value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : 0;
        try
        {
            var action = remediation.NextAction(data.GetPath("problem.problemTitle"), data.GetPath("problem.rootCause"), index);
            var finished = KeptnAnswer.Data(data, KeptnStatus.Succeeded, KeptnResult.Pass);
            finished["action"] = new JsonObject
            {
                ["name"] = action.Name,
                ["action"] = action.Action,
                ["description"] = action.Description,
                ["value"] = action.Value?.DeepClone(),
            };
            finished[Task] = new JsonObject { ["actionIndex"] = index + 1 };
            if (data["problem"] is JsonObject problem)
            {
                finished["problem"] = problem.DeepClone();
            }
            return finished;
        }
        catch (RemediationException e)
        {
            return KeptnAnswer.Data(data, KeptnStatus.Succeeded, KeptnResult.Fail, e.Message);
        }
    }

    private Task<Api.IngestOutcome> SendAsync(KeptnEvent triggered, string kind, JsonObject data, WorkEnd? end) =>
        ingest.SubmitAsync(new KeptnEvent(EventIds.Derived($"{Source}/{triggered.Id}/{kind}"), Source,
            KeptnEventType.TaskType(Task, kind), triggered.KeptnContext, triggered.Id, time.GetUtcNow(), data)
        {
            GitCommitId = triggered.GitCommitId,
        }, endsWork: end);
}
