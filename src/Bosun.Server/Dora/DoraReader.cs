using System.Globalization;
using Bosun.Core.Dora;
using Bosun.Core.Events;
using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Dora;

/// <summary>
/// Reads a stage's runs for the DORA figures from the store's sequence executions (each holds its tasks' results and
/// times, so no event is read): the stage's executions triggered since <see cref="Lookback"/> before the range, and,
/// for changes without a <c>labels.commitTime</c>, when each version first entered the project's first stage.
/// </summary>
internal static class DoraReader
{
    /// <summary>How long before the range a run may have started and still deliver inside it.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(30);

    /// <summary>How far back a version's first entry into the first stage is looked for.</summary>
    public static readonly TimeSpan FirstStageLookback = TimeSpan.FromDays(365);

    private const int PageSize = 1000;
    private static readonly string[] DeliveryTasks = ["deliver", "deployment"];
    private static readonly string[] RemediationSequences = ["rollback", "remediation"];

    public static async Task<IReadOnlyList<DoraRun>> ReadAsync(IStore store, string project, string stage, string? service, string firstStage, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var executions = await AllAsync(store, new SequenceQuery(project) { Stage = stage, Service = service, From = from - Lookback }, cancellationToken);
        var needFirst = executions.Any(e => CommitLabel(e) is null && e.Version is not null);
        var entered = new Dictionary<(string Service, string Version), DateTimeOffset>();
        if (needFirst)
        {
            var first = stage == firstStage ? executions
                : await AllAsync(store, new SequenceQuery(project) { Stage = firstStage, Service = service, From = from - FirstStageLookback }, cancellationToken);
            foreach (var e in first.Where(e => e.Version is not null))
            {
                var key = (e.Service, e.Version!);
                if (!entered.TryGetValue(key, out var known) || e.TriggeredAt < known)
                {
                    entered[key] = e.TriggeredAt;
                }
            }
        }
        return [.. executions.Select(e => Run(e, entered))];
    }

    private static DoraRun Run(SequenceExecution e, Dictionary<(string, string), DateTimeOffset> entered)
    {
        var delivery = e.Completed.FindIndex(t => DeliveryTasks.Contains(t.Name) && t.Result is KeptnResult.Pass or KeptnResult.Warning);
        var failed = delivery < 0 ? null : e.Completed.Skip(delivery + 1).FirstOrDefault(t => t.Result == KeptnResult.Fail)?.FinishedAt;
        var commit = CommitLabel(e) is { } label ? new CommitTime(label, CommitTime.Label)
            : e.Version is { } version && entered.TryGetValue((e.Service, version), out var first) ? new CommitTime(first, CommitTime.FirstStage)
            : null;
        return new DoraRun(e.KeptnContext, e.Service, e.TriggeredAt, e.Version, delivery < 0 ? null : e.Completed[delivery].FinishedAt, failed,
            RemediationSequences.Contains(e.Sequence), e.FinishedAt, e.Result, commit);
    }

    /// <summary>The trigger's <c>labels.commitTime</c> when it is an RFC 3339 time.</summary>
    private static DateTimeOffset? CommitLabel(SequenceExecution e) =>
        e.InputData.GetPath("labels.commitTime") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static async Task<List<SequenceExecution>> AllAsync(IStore store, SequenceQuery query, CancellationToken cancellationToken)
    {
        var all = new List<SequenceExecution>();
        var page = await store.QuerySequencesAsync(query with { PageSize = PageSize, Cursor = null }, cancellationToken);
        all.AddRange(page.Items);
        while (page.Items.Count == PageSize)
        {
            page = await store.QuerySequencesAsync(query with { PageSize = PageSize, Cursor = SequenceCursor.OlderThan(page.Items[^1]) }, cancellationToken);
            all.AddRange(page.Items);
        }
        return all;
    }
}
