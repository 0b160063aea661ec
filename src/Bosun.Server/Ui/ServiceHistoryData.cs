using Bosun.Core.Sequences;
using Bosun.Storage;

namespace Bosun.Server.Ui;

/// <summary>
/// Builds a service's history from one query: its newest <see cref="Limit"/> sequence executions (the index on
/// project and order), grouped by <c>labels.version</c>; older ones are in the sequence list.
/// </summary>
internal static class ServiceHistoryData
{
    public const int Limit = 500;
    public const int SupersededShown = 20;

    public static async Task<ServiceHistoryView> BuildAsync(IStore store, string project, string service, IReadOnlyList<string> stages)
    {
        var page = await store.QuerySequencesAsync(new SequenceQuery(project) { Service = service, PageSize = Limit });
        var executions = page.Items.OrderBy(e => e.Order).ToList();
        // What each stage runs now: the version of its newest execution that delivered (a failed delivery since left it).
        var deployed = stages.ToDictionary(s => s, s => executions.LastOrDefault(e => e.Stage == s && EnvironmentPageData.Delivered(e))?.Version, StringComparer.Ordinal);
        var versions = executions.Where(e => e.Version is not null).GroupBy(e => e.Version!, StringComparer.Ordinal)
            .Select(g => (Version: g.Key, Runs: g.ToList(), Newest: g.Max(e => e.Order)))
            .OrderByDescending(v => v.Newest).ToList();
        var rows = versions.Select(v => Row(v.Version, v.Runs, stages, deployed)).ToList();
        // Superseded: not deployed anywhere, nothing running, and older than a version that was deployed.
        var newestDeployed = versions.FindIndex(v => deployed.ContainsValue(v.Version));
        bool IsSuperseded(int i) => newestDeployed >= 0 && i > newestDeployed && !deployed.ContainsValue(versions[i].Version) && !versions[i].Runs.Any(r => r.IsActive);
        var superseded = rows.Where((_, i) => IsSuperseded(i)).ToList();
        return new ServiceHistoryView(project, service, stages,
            [.. rows.Where((_, i) => !IsSuperseded(i))], [.. superseded.Take(SupersededShown)], Math.Max(0, superseded.Count - SupersededShown),
            executions.Count(e => e.Version is null), page.TotalCount > page.Items.Count);
    }

    private static VersionRow Row(string version, List<SequenceExecution> runs, IReadOnlyList<string> stages, Dictionary<string, string?> deployed) =>
        new(version, runs.Min(r => r.TriggeredAt), [.. stages.Select(stage =>
        {
            var here = runs.Where(r => r.Stage == stage).ToList();
            if (here.Count == 0)
            {
                return null;
            }
            var latest = here[^1];
            return new HistoryCell(stage, new SequenceSummary(latest.KeptnContext, latest.Sequence, latest.Service, latest.State.ToWire(), latest.TriggeredAt),
                latest.Result, here.Count, deployed[stage] == version);
        })]);
}
