using Bosun.Core.Events;

namespace Bosun.Core.Sequences;

/// <summary>Aggregates the answers of several executors into one task result and status (spec §3.4).</summary>
public static class TaskOutcome
{
    public static (string Result, string Status) Aggregate(IReadOnlyCollection<TaskResponse> responses)
    {
        var result = responses.Any(r => r.Result is not (KeptnResult.Pass or KeptnResult.Warning))
            ? KeptnResult.Fail
            : responses.Any(r => r.Result == KeptnResult.Warning) ? KeptnResult.Warning : KeptnResult.Pass;
        string status;
        if (responses.Any(r => r.Status == KeptnStatus.Errored))
        {
            status = KeptnStatus.Errored;
        }
        else if (responses.Any(r => r.Status == KeptnStatus.Aborted))
        {
            status = KeptnStatus.Aborted;
        }
        else if (responses.All(r => r.Status == KeptnStatus.Succeeded))
        {
            status = KeptnStatus.Succeeded;
        }
        else
        {
            status = KeptnStatus.Unknown;
            result = KeptnResult.Fail;
        }
        return (result, status);
    }

    /// <summary>A task outcome that ends the sequence: a failed result or an errored status.</summary>
    public static bool Stops(string result, string status) => result == KeptnResult.Fail || status == KeptnStatus.Errored;
}
