using Bosun.Core.Events;

namespace Bosun.Server.Workers;

/// <summary>What the writer tells operators about sequences, naming the project/stage/service and context.</summary>
internal static partial class PipelineLog
{
    /// <summary>Logs each sequence that ended in this commit (errored ones as warnings).</summary>
    public static void SequencesEnded(ILogger log, IEnumerable<KeptnEvent> stored)
    {
        foreach (var evt in stored)
        {
            var type = KeptnEventType.Parse(evt.Type);
            // Keptn's project/service lifecycle events are sequence-shaped but carry no stage.
            if (!type.IsSequence || type.Kind != EventKind.Finished || evt.Stage != type.Stage)
            {
                continue;
            }
            var status = evt.Data.GetString("status");
            var result = evt.Data.GetString("result");
            if (status == KeptnStatus.Errored)
            {
                SequenceErrored(log, type.Name, evt.Project, evt.Stage, evt.Service, evt.KeptnContext, evt.Data.GetString("message"));
            }
            else
            {
                SequenceFinished(log, type.Name, evt.Project, evt.Stage, evt.Service, evt.KeptnContext, result, status);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sequence {Sequence} of {Project}/{Stage}/{Service} finished ({Result}, {Status}), context {KeptnContext}")]
    private static partial void SequenceFinished(ILogger log, string sequence, string? project, string? stage, string? service, string keptnContext, string? result, string? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sequence {Sequence} of {Project}/{Stage}/{Service} errored, context {KeptnContext}: {Reason}")]
    private static partial void SequenceErrored(ILogger log, string sequence, string? project, string? stage, string? service, string keptnContext, string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A batch of {Count} input(s) decided from assumed copies did not commit ({Reason}); deciding it again")]
    public static partial void AssumptionMissed(ILogger log, int count, string reason);
}
