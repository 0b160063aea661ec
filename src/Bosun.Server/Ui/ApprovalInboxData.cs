using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// The approvals inbox: the open <c>approval.triggered</c> tasks (one query, oldest first), each with the version its
/// stage runs now (two queries per project, <see cref="EnvironmentPageData.DeployedAsync"/>) and the newest evaluation of its
/// context (one query per approval, on the context index).
/// </summary>
internal static class ApprovalInboxData
{
    public const int Limit = 500;

    /// <param name="caller">Who asks: a token limited to projects sees the approvals of those only.</param>
    public static async Task<ApprovalInbox> BuildAsync(IStore store, string? project, DateTimeOffset now, Access.Caller? caller = null)
    {
        var open = await store.QueryOpenTasksAsync(new OpenTaskQuery(ApprovalAnswer.Triggered, project, null, null, null, 0, Limit));
        var tasks = open.Items.Where(t => caller?.MayUse(t.Project) != false).ToList();
        var deployed = new Dictionary<string, Dictionary<(string, string), string>>(StringComparer.Ordinal);
        var items = new List<ApprovalItem>();
        foreach (var task in tasks)
        {
            var name = task.Project ?? "";
            if (!deployed.TryGetValue(name, out var versions))
            {
                versions = (await EnvironmentPageData.DeployedAsync(store, name)).ToDictionary(p => p.Key, p => p.Value.Version ?? "(no version label)");
                deployed[name] = versions;
            }
            var evaluation = (await store.QueryEventsAsync(new EventQuery { KeptnContext = task.KeptnContext, Type = EvaluationsPageData.Finished, PageSize = 1, CountTotal = false })).Items.FirstOrDefault();
            var score = evaluation?.Data["evaluation"]?["score"] is JsonValue v && v.TryGetValue<double>(out var s) ? s : (double?)null;
            items.Add(new ApprovalItem(task.Id, task.KeptnContext, name, task.Stage ?? "", task.Service ?? "", task.Data.GetPath("labels.version"), task.Time,
                versions.GetValueOrDefault((task.Stage ?? "", task.Service ?? "")),
                evaluation is null ? null : new ApprovalEvaluation(evaluation.Stage ?? "", evaluation.Data.GetString("result") ?? "?", score),
                now - task.Time));
        }
        return new ApprovalInbox(project, items, tasks.Count == open.Items.Count ? open.TotalCount : tasks.Count);
    }
}
