using Bosun.Core.Dora;
using Bosun.Server.Api;
using Bosun.Storage;

namespace Bosun.Server.Dora;

/// <summary>
/// Reads a stage's runs for the DORA figures from the facts the store keeps of each sequence execution (no event and
/// no execution JSON is read): the stage's executions triggered since <see cref="Lookback"/> before the range, and,
/// for changes without a <c>labels.commitTime</c>, when each version first entered the project's first stage.
/// </summary>
internal static class DoraReader
{
    /// <summary>How long before the range a run may have started and still deliver inside it.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(30);

    /// <summary>How far back a version's first entry into the first stage is looked for.</summary>
    public static readonly TimeSpan FirstStageLookback = TimeSpan.FromDays(365);

    private static readonly string[] RemediationSequences = ["rollback", "remediation"];

    /// <summary>
    /// A stage's figures over [from, to) (of one service, when given), its runs read one service at a time: every
    /// run a deployment's figures read is of its own service (<see cref="DoraCalculator.Figures"/>), so the memory
    /// this takes is one service's runs, not the whole stage's history. All at once, the gauges' computation at
    /// 45,000 runs allocated about 70 MB in two seconds and held most of it until a full collection, every minute.
    /// </summary>
    public static async Task<DoraFigures> FiguresAsync(IStore store, string project, string stage, string? service, string firstStage, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var services = service is null ? await store.ListSequenceServicesAsync(project, stage, cancellationToken) : [service];
        var parts = new List<DoraSamples>(services.Count);
        foreach (var one in services)
        {
            parts.Add(DoraCalculator.Samples(await ReadAsync(store, project, stage, one, firstStage, from, cancellationToken), from, to));
        }
        return DoraCalculator.Figures(parts, from, to);
    }

    public static async Task<IReadOnlyList<DoraRun>> ReadAsync(IStore store, string project, string stage, string? service, string firstStage, DateTimeOffset from, CancellationToken cancellationToken)
    {
        var facts = await store.QuerySequenceFactsAsync(new SequenceQuery(project) { Stage = stage, Service = service, From = from - Lookback }, cancellationToken);
        // Each label's time is read once (a parse per run is a good part of the answer's time at 10,000 runs).
        var runs = facts.Select(r => (Facts: r, Label: CommitLabel(r))).ToList();
        var entered = new Dictionary<(string Service, string Version), DateTimeOffset>();
        if (runs.Any(r => r.Label is null && r.Facts.Version is not null))
        {
            var first = stage == firstStage ? facts
                : await store.QuerySequenceFactsAsync(new SequenceQuery(project) { Stage = firstStage, Service = service, From = from - FirstStageLookback }, cancellationToken);
            foreach (var r in first.Where(r => r.Version is not null))
            {
                entered.TryAdd((r.Service, r.Version!), r.TriggeredAt); // oldest first: the first one is the entry
            }
        }
        return [.. runs.Select(run =>
        {
            var r = run.Facts;
            return new DoraRun(r.KeptnContext, r.Service, r.TriggeredAt, r.Version, r.DeliveredAt, r.FailedAt,
                RemediationSequences.Contains(r.Sequence), r.FinishedAt, r.Result,
                run.Label is { } label ? new CommitTime(label, r.CommitTimeSource == CommitTime.ArgoCd ? CommitTime.ArgoCd : CommitTime.Label)
                : r.Version is { } version && entered.TryGetValue((r.Service, version), out var at) ? new CommitTime(at, CommitTime.FirstStage)
                : null);
        })];
    }

    /// <summary>The trigger's <c>labels.commitTime</c> when it is an RFC 3339 time.</summary>
    private static DateTimeOffset? CommitLabel(SequenceFacts run) => TimeParam.Stored(run.CommitTime);
}
