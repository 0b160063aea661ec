using Bosun.Core.Events;
using Bosun.Core.Sequences;

namespace Bosun.Storage.Postgres;

/// <summary>
/// The batch's events and executions, written as one multi-row statement each when the pipeline next goes out (a row per
/// statement costs the server a statement each). They go first in that round trip: no statement waiting with them reads
/// those tables, and every statement that reads them is sent after (docs/architecture.md, "Round trips").
/// </summary>
public sealed partial class PostgresWriteBatch
{
    private readonly List<(long Seq, KeptnEvent Event)> _events = [];
    // An execution changed twice before the rows go out is written once, as it stands last (one statement cannot
    // upsert a row twice).
    private readonly Dictionary<string, SequenceExecution> _executions = [];

    private void BufferEvent(long seq, KeptnEvent evt) => _events.Add((seq, evt));

    private void BufferExecution(SequenceExecution execution) => _executions[execution.Id] = execution;

    /// <summary>Puts the buffered rows at the front of the statements about to be sent.</summary>
    private void WriteRows()
    {
        if (_executions.Count > 0)
        {
            var executions = _executions.Values.ToList();
            var facts = executions.Select(DeliveryFacts.Of).ToList();
            _executions.Clear();
            AddFirst(
                """
                INSERT INTO contexts (context, project, name, service, time, ord)
                SELECT * FROM unnest(@contexts, @projects, @names, @services, @ats, @ords) ON CONFLICT DO NOTHING
                """,
                ("contexts", executions.Select(e => e.KeptnContext).ToArray()), ("projects", executions.Select(e => e.Project).ToArray()),
                ("names", executions.Select(e => e.Sequence).ToArray()), ("services", executions.Select(e => e.Service).ToArray()),
                ("ats", executions.Select(e => StoredValues.Ms(e.TriggeredAt)).ToArray()), ("ords", executions.Select(e => e.Order).ToArray()));
            AddFirst(
                """
                INSERT INTO sequences (id, context, project, stage, service, name, state, active, ord, triggered_at, json, due_at, result, labels, delivered_at, failed_at, finished_at, facts)
                SELECT *, 1 FROM unnest(@ids, @contexts, @projects, @stages, @services, @names, @states, @actives, @ords, @ats, @jsons, @dues, @results, @labels, @delivered, @failed, @finished)
                ON CONFLICT (id) DO UPDATE SET state = excluded.state, active = excluded.active, json = excluded.json, due_at = excluded.due_at, result = excluded.result,
                  delivered_at = excluded.delivered_at, failed_at = excluded.failed_at, finished_at = excluded.finished_at, facts = 1
                """,
                ("ids", executions.Select(e => e.Id).ToArray()), ("contexts", executions.Select(e => e.KeptnContext).ToArray()),
                ("projects", executions.Select(e => e.Project).ToArray()), ("stages", executions.Select(e => e.Stage).ToArray()),
                ("services", executions.Select(e => e.Service).ToArray()), ("names", executions.Select(e => e.Sequence).ToArray()),
                ("states", executions.Select(e => e.State.ToWire()).ToArray()), ("actives", executions.Select(e => e.IsActive ? 1 : 0).ToArray()),
                ("ords", executions.Select(e => e.Order).ToArray()), ("ats", executions.Select(e => StoredValues.Ms(e.TriggeredAt)).ToArray()),
                ("jsons", executions.Select(ExecutionJson.Write).ToArray()),
                ("dues", executions.Select(e => SequenceEngine.DueAt(e) is { } due ? StoredValues.Ms(due) : (long?)null).ToArray()),
                ("results", executions.Select(e => e.Result).ToArray()), ("labels", executions.Select(SequenceLabels.Encode).ToArray()),
                ("delivered", facts.Select(f => f.DeliveredAt is { } d ? StoredValues.Ms(d) : (long?)null).ToArray()),
                ("failed", facts.Select(f => f.FailedAt is { } at ? StoredValues.Ms(at) : (long?)null).ToArray()),
                ("finished", executions.Select(e => e.FinishedAt is { } f ? StoredValues.Ms(f) : (long?)null).ToArray()));
        }
        if (_events.Count > 0)
        {
            var events = _events.ToList();
            _events.Clear();
            AddFirst(
                """
                INSERT INTO events (seq, id, source, type, context, triggeredid, project, stage, service, time, json) OVERRIDING SYSTEM VALUE
                SELECT * FROM unnest(@seqs, @ids, @sources, @types, @contexts, @triggeredids, @projects, @stages, @services, @times, @jsons)
                """,
                ("seqs", events.Select(e => e.Seq).ToArray()), ("ids", events.Select(e => e.Event.Id).ToArray()),
                ("sources", events.Select(e => e.Event.Source).ToArray()), ("types", events.Select(e => e.Event.Type).ToArray()),
                ("contexts", events.Select(e => e.Event.KeptnContext).ToArray()), ("triggeredids", events.Select(e => e.Event.TriggeredId).ToArray()),
                ("projects", events.Select(e => e.Event.Project).ToArray()), ("stages", events.Select(e => e.Event.Stage).ToArray()),
                ("services", events.Select(e => e.Event.Service).ToArray()), ("times", events.Select(e => StoredValues.Ms(e.Event.Time)).ToArray()),
                ("jsons", events.Select(e => StoredValues.Json(e.Event)).ToArray()));
        }
    }
}
